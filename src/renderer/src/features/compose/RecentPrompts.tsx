import { useEffect, useRef, useState } from 'react'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'

/** "Recent prompts": re-use a prompt from past batches; a pick adds it as a new line. */
export function RecentPrompts(props: { onPick: (prompt: string) => void }): React.JSX.Element {
  const [open, setOpen] = useState(false)
  const [prompts, setPrompts] = useState<string[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const boxRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    let stale = false
    api
      .call('prompts.recent', { limit: 30 })
      .then((p) => {
        if (!stale) setPrompts(p)
      })
      .catch((e: unknown) => {
        if (!stale) setError(messageOf(e))
      })
    function onDown(e: MouseEvent): void {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false)
    }
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      stale = true
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  return (
    <div className="recent-prompts" ref={boxRef}>
      <button
        type="button"
        className="btn btn-small"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="compose-recent"
        onClick={() => setOpen(!open)}
      >
        Recent prompts
      </button>
      {open ? (
        <div className="menu recent-menu" role="menu" aria-label="Recent prompts">
          {error ? <p className="menu-head">{error}</p> : null}
          {prompts === null && !error ? <p className="menu-head">Loading…</p> : null}
          {prompts?.length === 0 ? <p className="menu-head">No past batches yet.</p> : null}
          {prompts?.map((p) => (
            <button
              key={p}
              type="button"
              role="menuitem"
              className="menu-item recent-item"
              title={p}
              onClick={() => {
                props.onPick(p)
                setOpen(false)
              }}
            >
              {p}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  )
}
