import { useEffect, useRef, useState } from 'react'
import './compare.css'
import { wipeAfterKey, clampWipe, zoomAbout } from '../../model/compare-view'
import { useCompare } from '../../stores/compare'
import { SideBySide, ToggleStage, WipeStage } from './ComparePanes'
import { useSharedZoom } from './useSharedZoom'

type Mode = 'side' | 'wipe' | 'toggle'
const MODES: { id: Mode; label: string; title: string }[] = [
  { id: 'side', label: 'Side by side', title: 'Every image in its own pane' },
  { id: 'wipe', label: 'Wipe', title: 'One image over the other, split by a divider' },
  { id: 'toggle', label: 'Toggle', title: 'One image at a time; T or Space flips' },
]

/** A slider is not a text field: the view's keys work while it has focus (it moves itself with the arrows). */
function isSlider(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && target.type === 'range'
}

function typingIn(target: EventTarget | null): boolean {
  if (isSlider(target)) return false
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
}

/**
 * The compare view (issue 9): the 2 to 4 images of the comparison set side by side, or for two a wipe and a
 * toggle; zoom and pan are shared by every pane. An overlay over whatever view opened it, so closing it (Esc)
 * returns to the same place.
 */
export function CompareView(): React.JSX.Element | null {
  const open = useCompare((s) => s.open)
  const items = useCompare((s) => s.items)
  const remove = useCompare((s) => s.remove)
  const show = useCompare((s) => s.show)
  const setOpen = useCompare((s) => s.setOpen)
  const [mode, setMode] = useState<Mode>('side')
  const [wipe, setWipe] = useState(50)
  const [shown, setShown] = useState(0)
  const { view, setView, reset, handlers } = useSharedZoom()
  const pair = items.length === 2
  const active: Mode = pair ? mode : 'side'
  const visible = open && items.length > 0
  const boxRef = useRef<HTMLDivElement>(null)

  // Focus moves into the view while it is open and back to where it was (the gallery tile, the grid cell) after.
  useEffect(() => {
    if (!visible) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    boxRef.current?.focus()
    return () => before?.focus()
  }, [visible])

  useEffect(() => {
    if (!visible) return
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        setOpen(false)
        return
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return
      // The views underneath (a grid, the gallery) never see keys meant for the comparison.
      e.stopPropagation()
      if (typingIn(e.target)) return
      if (e.key === '0') {
        reset()
      } else if (e.key === '+' || e.key === '=') {
        setView((v) => zoomAbout(v, 1.25, 0.5, 0.5))
      } else if (e.key === '-') {
        setView((v) => zoomAbout(v, 0.8, 0.5, 0.5))
      } else if ((e.key === 't' || e.key === 'T' || e.key === ' ') && pair) {
        // Flipping is the point of toggle mode; from another mode the key switches to it.
        if (mode !== 'toggle') setMode('toggle')
        else setShown((i) => (i + 1) % 2)
        if (e.target instanceof HTMLButtonElement) e.target.blur()
      } else {
        const next = active === 'wipe' && !isSlider(e.target) ? wipeAfterKey(wipe, e.key, e.shiftKey) : null
        if (next === null) return
        setWipe(next)
      }
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [visible, pair, mode, active, wipe, reset, setView, setOpen])

  if (!visible) return null
  const zoomPct = Math.round(view.scale * 100)

  return (
    <div
      ref={boxRef}
      tabIndex={-1}
      className="compare"
      role="dialog"
      aria-modal="true"
      aria-label="Compare images"
      data-testid="compare-view"
    >
      <header className="compare-bar">
        <h2 className="compare-title">Compare {items.length} images</h2>
        {pair ? (
          <div className="segmented" role="group" aria-label="Comparison mode">
            {MODES.map((m) => (
              <button
                key={m.id}
                type="button"
                className={`segment${active === m.id ? ' is-selected' : ''}`}
                aria-pressed={active === m.id}
                title={m.title}
                onClick={() => setMode(m.id)}
              >
                {m.label}
              </button>
            ))}
          </div>
        ) : null}
        {items.length > 1 ? (
          <button
            type="button"
            className="btn btn-small"
            title="Reverse the order of the images"
            onClick={() => show([...items].reverse())}
          >
            Swap sides
          </button>
        ) : null}
        <div className="topbar-spacer" />
        <span className="compare-zoom" data-testid="compare-zoom">
          {zoomPct}%
        </span>
        <button
          type="button"
          className="btn btn-small"
          disabled={view.scale === 1}
          title="Fit every image again (0)"
          onClick={reset}
        >
          Reset zoom
        </button>
        <span className="compare-hint muted">Wheel zooms · drag pans · 0 resets</span>
        <button type="button" className="icon-btn" aria-label="Close comparison" onClick={() => setOpen(false)}>
          ×
        </button>
      </header>
      {active === 'wipe' ? (
        <WipeStage
          left={items[0]!}
          right={items[1]!}
          view={view}
          handlers={handlers}
          wipe={wipe}
          onWipe={(v) => setWipe(clampWipe(v))}
        />
      ) : active === 'toggle' ? (
        <ToggleStage
          items={items}
          shown={shown}
          view={view}
          handlers={handlers}
          onFlip={() => setShown((i) => (i + 1) % 2)}
        />
      ) : (
        <SideBySide items={items} view={view} handlers={handlers} onRemove={remove} />
      )}
    </div>
  )
}
