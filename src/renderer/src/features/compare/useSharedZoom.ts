import { useCallback, useRef, useState } from 'react'
import { FIT_VIEW, panBy, wheelFactor, zoomAbout, type PaneView } from '../../model/compare-view'

export interface PaneHandlers {
  onWheel(e: React.WheelEvent<HTMLElement>): void
  onPointerDown(e: React.PointerEvent<HTMLElement>): void
  onPointerMove(e: React.PointerEvent<HTMLElement>): void
  onPointerUp(e: React.PointerEvent<HTMLElement>): void
}

/**
 * One zoom and pan shared by every pane: the wheel over any pane zooms all of them about the pointer, a drag on
 * any pane pans all of them. Positions are taken in fractions of the pane the pointer is over, so panes of
 * different pixel sizes stay aligned on the same part of their images.
 */
export function useSharedZoom(): {
  view: PaneView
  setView: React.Dispatch<React.SetStateAction<PaneView>>
  reset(): void
  handlers: PaneHandlers
} {
  const [view, setView] = useState<PaneView>(FIT_VIEW)
  const drag = useRef<{ id: number; x: number; y: number } | null>(null)

  const reset = useCallback(() => setView(FIT_VIEW), [])
  const handlers: PaneHandlers = {
    onWheel: (e) => {
      const r = e.currentTarget.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) return
      const px = (e.clientX - r.left) / r.width
      const py = (e.clientY - r.top) / r.height
      const factor = wheelFactor(e.deltaY)
      setView((v) => zoomAbout(v, factor, px, py))
    },
    onPointerDown: (e) => {
      if (e.button !== 0) return
      e.currentTarget.setPointerCapture(e.pointerId)
      drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY }
    },
    onPointerMove: (e) => {
      const d = drag.current
      if (!d || d.id !== e.pointerId) return
      const r = e.currentTarget.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) return
      const dx = (e.clientX - d.x) / r.width
      const dy = (e.clientY - d.y) / r.height
      drag.current = { id: d.id, x: e.clientX, y: e.clientY }
      setView((v) => panBy(v, dx, dy))
    },
    onPointerUp: (e) => {
      if (drag.current?.id === e.pointerId) drag.current = null
    },
  }
  return { view, setView, reset, handlers }
}
