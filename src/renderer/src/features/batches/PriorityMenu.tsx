import { useEffect, useRef, useState } from 'react'
import type { BatchSummary } from '@shared/domain'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { priorityAfter, priorityMarker, type PriorityAction } from '../../model/batch-order'
import { useBatches } from '../../stores/batches'
import { useNotices } from '../../stores/notices'
import { BatchActionItems } from './BatchActionItems'

/** Room the menu needs below its button before it opens upwards (it is fixed, so it must stay on screen). */
const MENU_HEIGHT = 380

const ACTIONS: { action: PriorityAction; label: string; hint: string }[] = [
  { action: 'top', label: 'Move to top', hint: 'Ahead of every other queued batch' },
  { action: 'raise', label: 'Raise priority', hint: 'Priority +1' },
  { action: 'lower', label: 'Lower priority', hint: 'Priority −1' },
  { action: 'reset', label: 'Reset priority', hint: 'Back to the default, 0' },
]

/**
 * The "⋯" menu on a sidebar batch: what can be done with the batch (rename, notes, duplicate, re-run, export,
 * delete) and, while it is still queued, where its images stand relative to other batches.
 */
export function PriorityMenu(props: { batch: BatchSummary }): React.JSX.Element {
  const { batch } = props
  const [anchor, setAnchor] = useState<DOMRect | null>(null)
  const [busy, setBusy] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const list = useBatches((s) => s.list)
  const open = anchor !== null
  // A finished batch sends nothing more: its place in the queue means nothing.
  const queued = batch.status === 'active' || batch.status === 'paused'

  useEffect(() => {
    if (!open) return
    menuRef.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus()
    function onDown(e: MouseEvent): void {
      const target = e.target as Node
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setAnchor(null)
    }
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Escape') {
        e.preventDefault()
        setAnchor(null)
        buttonRef.current?.focus()
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        moveFocus(menuRef.current, e.key === 'ArrowDown' ? 1 : -1)
      }
    }
    // The list scrolls under a fixed menu: the menu follows its button (focus moving into the menu can scroll the
    // list a little), and closes once the button has left the visible list.
    const onScroll = (): void => {
      const rect = buttonRef.current?.getBoundingClientRect()
      const list = document.querySelector('.sidebar')?.getBoundingClientRect()
      if (!rect || rect.height === 0 || (list && (rect.bottom < list.top || rect.top > list.bottom))) setAnchor(null)
      else setAnchor(rect)
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    window.addEventListener('resize', onScroll)
    document.querySelector('.sidebar')?.addEventListener('scroll', onScroll)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
      window.removeEventListener('resize', onScroll)
      document.querySelector('.sidebar')?.removeEventListener('scroll', onScroll)
    }
  }, [open])

  async function apply(action: PriorityAction): Promise<void> {
    const priority = priorityAfter(list, batch.id, action)
    setAnchor(null)
    buttonRef.current?.focus()
    if (priority === null) return
    setBusy(true)
    try {
      useBatches.getState().upsert(await api.call('batch.setPriority', { batchId: batch.id, priority }))
    } catch (error) {
      useNotices.getState().push('error', `Could not change the priority: ${messageOf(error)}`)
    } finally {
      setBusy(false)
    }
  }

  const marker = priorityMarker(batch.priority)
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="batch-menu-btn"
        // The label names the button, so its glyph needs no element of its own (a node less per sidebar row).
        aria-label={`Actions for ${batch.name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title="Batch actions"
        data-testid="batch-menu"
        disabled={busy}
        onClick={() => setAnchor(open ? null : (buttonRef.current?.getBoundingClientRect() ?? null))}
      >
        ⋯
      </button>
      {anchor ? (
        <div
          ref={menuRef}
          className="menu"
          role="menu"
          aria-label={`Actions for ${batch.name}`}
          data-testid="batch-menu-list"
          style={{
            top: Math.min(anchor.bottom + 4, window.innerHeight - MENU_HEIGHT),
            left: Math.max(8, anchor.right - 220),
          }}
        >
          <BatchActionItems
            batch={batch}
            onDone={() => {
              setAnchor(null)
            }}
          />
          {queued ? (
            <div className="menu-head menu-head-split">
              Priority <strong>{marker ?? '0 (default)'}</strong>
            </div>
          ) : null}
          {(queued ? ACTIONS : [])
            .filter((a) => a.action !== 'reset' || batch.priority !== 0)
            .map((a) => (
              <button
                key={a.action}
                type="button"
                role="menuitem"
                className="menu-item"
                disabled={priorityAfter(list, batch.id, a.action) === null}
                onClick={() => void apply(a.action)}
              >
                <span>{a.label}</span>
                <span className="menu-hint">{a.hint}</span>
              </button>
            ))}
        </div>
      ) : null}
    </>
  )
}

function moveFocus(menu: HTMLElement | null, step: number): void {
  if (!menu) return
  const items = [...menu.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')]
  if (items.length === 0) return
  const at = items.indexOf(document.activeElement as HTMLButtonElement)
  items[(at + step + items.length) % items.length]!.focus()
}
