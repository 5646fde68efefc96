/**
 * The compare view's geometry, kept pure so it can be tested without a browser: the wipe divider's position and
 * the zoom and pan every pane shares.
 *
 * Zoom and pan are stored in fractions of a pane (x = -0.5 means the image moved left by half a pane), so one
 * value applies to panes of any pixel size and the panes stay in step.
 */
export interface PaneView {
  /** 1 = the whole image fits the pane. */
  scale: number
  /** Offset of the image's top-left corner, in fractions of the pane. */
  x: number
  y: number
}

export const FIT_VIEW: PaneView = { scale: 1, x: 0, y: 0 }
export const MAX_SCALE = 8
/** Past this zoom the thumbnail is too coarse to judge detail: the full-size file is loaded. */
export const FULL_SIZE_FROM_SCALE = 1.25

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/** Keeps the image covering the pane: at scale s it spans s panes, so its corner stays within [1 - s, 0]. */
export function clampView(view: PaneView): PaneView {
  const scale = clamp(view.scale, 1, MAX_SCALE)
  return { scale, x: clamp(view.x, 1 - scale, 0), y: clamp(view.y, 1 - scale, 0) }
}

/** Zooms by `factor` about a point of the pane (fractions), which stays under the pointer. */
export function zoomAbout(view: PaneView, factor: number, px: number, py: number): PaneView {
  const scale = clamp(view.scale * factor, 1, MAX_SCALE)
  const k = scale / view.scale
  return clampView({ scale, x: px - (px - view.x) * k, y: py - (py - view.y) * k })
}

/** Moves the image by a drag of (dx, dy) in fractions of the pane. */
export function panBy(view: PaneView, dx: number, dy: number): PaneView {
  return clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy })
}

/** The zoom a wheel turn asks for: smooth for trackpads' small deltas, one notch ≈ 12%. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(-clamp(deltaY, -300, 300) * 0.0012)
}

/** The CSS transform of a pane's image for a view (origin at the top-left corner). */
export function viewTransform(view: PaneView): string {
  return `translate(${(view.x * 100).toFixed(3)}%, ${(view.y * 100).toFixed(3)}%) scale(${view.scale.toFixed(4)})`
}

/** The wipe divider, in percent of the pane from the left: 0 shows only the right image, 100 only the left. */
export function clampWipe(value: number): number {
  if (!Number.isFinite(value)) return 50
  return Math.round(clamp(value, 0, 100) * 10) / 10
}

/** Arrow keys move the divider a little, with Shift a lot; Home/End go to the edges. Null: not a wipe key. */
export function wipeAfterKey(value: number, key: string, shift: boolean): number | null {
  const step = shift ? 10 : 2
  if (key === 'ArrowLeft') return clampWipe(value - step)
  if (key === 'ArrowRight') return clampWipe(value + step)
  if (key === 'Home') return 0
  if (key === 'End') return 100
  return null
}

/** The clip that leaves the left image visible up to the divider (CSS `clip-path`). */
export function wipeClip(value: number): string {
  return `inset(0 ${(100 - clampWipe(value)).toFixed(1)}% 0 0)`
}
