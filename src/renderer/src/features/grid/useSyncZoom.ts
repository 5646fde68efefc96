import { useEffect } from 'react'
import { useGridView, ZOOM_MAX } from '../../stores/grid-view'

/**
 * Synchronized zoom and pan: a pinch (or Ctrl/⌘ + wheel) over any tile zooms every tile around the same point,
 * and a drag on a zoomed tile pans them all, so the same detail can be compared across styles. A plain wheel
 * still scrolls the grid. The zoom lives in CSS variables on the grid, so tiles do not re-render as it changes.
 */
export function useSyncZoom(
  scrollRef: React.RefObject<HTMLDivElement | null>,
  tileWidth: number,
  tileHeight: number,
): void {
  const zoom = useGridView((s) => s.zoom)

  useEffect(() => {
    const el = scrollRef.current
    if (!el) return
    el.style.setProperty('--zoom', String(zoom.scale))
    el.style.setProperty('--pan-x', `${zoom.x}px`)
    el.style.setProperty('--pan-y', `${zoom.y}px`)
    el.classList.toggle('is-zoomed', zoom.scale > 1)
  })

  useEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const clampPan = (x: number, y: number, scale: number): { x: number; y: number } => {
      // translate() runs before scale(): a pan of w(s-1)/2s reaches the image's edge.
      const mx = (tileWidth * (scale - 1)) / (2 * scale)
      const my = (tileHeight * (scale - 1)) / (2 * scale)
      return { x: Math.max(-mx, Math.min(mx, x)), y: Math.max(-my, Math.min(my, y)) }
    }
    function onWheel(e: WheelEvent): void {
      if (!(e.ctrlKey || e.metaKey) || !(e.target as HTMLElement).closest('.tile-saved')) return
      e.preventDefault()
      const { zoom, setZoom } = useGridView.getState()
      const scale = Math.max(1, Math.min(ZOOM_MAX, zoom.scale * Math.exp(-e.deltaY * 0.01)))
      setZoom({ scale, ...clampPan(zoom.x, zoom.y, scale) })
    }
    let drag: { x: number; y: number; startX: number; startY: number; moved: boolean } | null = null
    function onDown(e: PointerEvent): void {
      const { zoom } = useGridView.getState()
      if (e.button !== 0 || zoom.scale <= 1 || !(e.target as HTMLElement).closest('.tile-saved')) return
      drag = { x: e.clientX, y: e.clientY, startX: zoom.x, startY: zoom.y, moved: false }
      el!.dataset.panned = 'false'
    }
    function onMove(e: PointerEvent): void {
      if (!drag) return
      const { zoom, setZoom } = useGridView.getState()
      const dx = (e.clientX - drag.x) / zoom.scale
      const dy = (e.clientY - drag.y) / zoom.scale
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true
      if (drag.moved) setZoom({ scale: zoom.scale, ...clampPan(drag.startX + dx, drag.startY + dy, zoom.scale) })
    }
    function onUp(): void {
      if (drag?.moved) el!.dataset.panned = 'true'
      drag = null
      // The click that ends a pan is skipped by the tile; the next one opens as usual.
      setTimeout(() => {
        if (el) el.dataset.panned = 'false'
      }, 0)
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    el.addEventListener('pointerdown', onDown)
    window.addEventListener('pointermove', onMove)
    window.addEventListener('pointerup', onUp)
    return () => {
      el.removeEventListener('wheel', onWheel)
      el.removeEventListener('pointerdown', onDown)
      window.removeEventListener('pointermove', onMove)
      window.removeEventListener('pointerup', onUp)
    }
  }, [scrollRef, tileWidth, tileHeight])
}
