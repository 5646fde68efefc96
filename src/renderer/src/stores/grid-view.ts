import { create } from 'zustand'
import { DEFAULT_VIEW, type GridViewOptions } from '../model/grid-model'

export const TILE_MIN = 80
export const TILE_MAX = 420
export const TILE_DEFAULT = 210
export const ZOOM_MAX = 8
/** From this zoom on, tiles draw the full-size image instead of the thumbnail. */
export const FULL_SIZE_ZOOM = 2

export interface Zoom {
  scale: number
  /** Pan, in tile pixels before scaling (the same for every tile: zoom and pan are synchronized). */
  x: number
  y: number
}

const NO_ZOOM: Zoom = { scale: 1, x: 0, y: 0 }

/**
 * How the open grid is shown (UI state only; the core owns the cells and the picks): arrangement, tile size,
 * the synchronized zoom, keyboard focus, and the row winners the core reported for the cells on screen.
 */
interface GridViewState {
  options: GridViewOptions
  tileWidth: number
  /** "Fit to window" is on: the tile size follows the window until the size is set by hand. */
  fit: boolean
  zoom: Zoom
  focusId: string | null
  /** Cell ids that won their row (picks.rowWinners). */
  winners: ReadonlySet<string>
  shortcutsOpen: boolean
  reset(): void
  setOptions(patch: Partial<GridViewOptions>): void
  setTileWidth(width: number, fit?: boolean): void
  setZoom(zoom: Zoom): void
  resetZoom(): void
  setFocus(cellId: string | null): void
  setWinners(ids: Iterable<string>): void
  setShortcutsOpen(open: boolean): void
}

export const useGridView = create<GridViewState>()((set) => ({
  options: DEFAULT_VIEW,
  tileWidth: TILE_DEFAULT,
  fit: false,
  zoom: NO_ZOOM,
  focusId: null,
  winners: new Set(),
  shortcutsOpen: false,
  reset: () => set({ options: DEFAULT_VIEW, fit: false, zoom: NO_ZOOM, focusId: null, winners: new Set() }),
  setOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),
  setTileWidth: (width, fit = false) =>
    set({ tileWidth: Math.round(Math.min(TILE_MAX, Math.max(fit ? 48 : TILE_MIN, width))), fit }),
  setZoom: (zoom) => set({ zoom: zoom.scale <= 1 ? NO_ZOOM : { ...zoom, scale: Math.min(ZOOM_MAX, zoom.scale) } }),
  resetZoom: () => set({ zoom: NO_ZOOM }),
  setFocus: (focusId) => set({ focusId }),
  setWinners: (ids) => set({ winners: new Set(ids) }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
}))
