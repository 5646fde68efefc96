import { useEffect, useId, useRef } from 'react'

const FOCUSABLE =
  'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])'

/** True while any modal is open: window-wide shortcuts (Ctrl+Enter to generate) stand down meanwhile. */
export function modalIsOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null
}

/**
 * A dialog over the app: Esc and the backdrop close it, Tab stays inside it, and focus goes back to where it
 * was when it closes, so a keyboard user never loses their place.
 */
export function Modal(props: {
  title: string
  subtitle?: React.ReactNode
  children: React.ReactNode
  footer: React.ReactNode
  onClose: () => void
  size?: 'normal' | 'wide'
  testId?: string
  /** Changes when the content changes step, to move focus to the new step's first control. */
  focusKey?: string
}): React.JSX.Element {
  const titleId = useId()
  const boxRef = useRef<HTMLDivElement>(null)
  const onCloseRef = useRef(props.onClose)
  useEffect(() => {
    onCloseRef.current = props.onClose
  })

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const box = boxRef.current
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        onCloseRef.current()
        return
      }
      if (e.key !== 'Tab' || !box) return
      const items = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)]
      if (items.length === 0) return
      const [head, tail] = [items[0]!, items[items.length - 1]!]
      if (e.shiftKey && document.activeElement === head) {
        e.preventDefault()
        tail.focus()
      } else if (!e.shiftKey && document.activeElement === tail) {
        e.preventDefault()
        head.focus()
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      before?.focus()
    }
  }, [])

  // Declared after the effect above so `before` is read first. Focus moves in when the dialog opens, and again
  // when its content changes step (loading -> ready).
  useEffect(() => {
    const box = boxRef.current
    if (box?.contains(document.activeElement) && !box.querySelector('[data-autofocus]')) return
    // The step's own control first, then the first thing in the body or footer; the × only as a last resort.
    const first =
      box?.querySelector<HTMLElement>('[data-autofocus]') ??
      box?.querySelector<HTMLElement>(`.modal-body :is(${FOCUSABLE})`) ??
      box?.querySelector<HTMLElement>(`.modal-foot :is(${FOCUSABLE})`) ??
      box?.querySelector<HTMLElement>(FOCUSABLE)
    first?.focus()
  }, [props.focusKey])

  return (
    <div className="dialog-backdrop" onMouseDown={props.onClose}>
      <div
        ref={boxRef}
        className={`dialog modal ${props.size === 'wide' ? 'modal-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={props.testId}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <header className="modal-head">
          <div className="modal-titles">
            <h2 id={titleId} className="dialog-title">
              {props.title}
            </h2>
            {props.subtitle ? <p className="modal-subtitle">{props.subtitle}</p> : null}
          </div>
          <button type="button" className="icon-btn" aria-label="Close" onClick={props.onClose}>
            ×
          </button>
        </header>
        <div className="modal-body">{props.children}</div>
        <footer className="modal-foot">{props.footer}</footer>
      </div>
    </div>
  )
}
