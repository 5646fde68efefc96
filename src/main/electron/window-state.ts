import { z } from 'zod'

/**
 * Where the window was, remembered per display arrangement (the laptop alone, or docked to a monitor), and put
 * back only where a person can reach it: a window saved on a monitor that is gone now opens on a visible display.
 * Pure functions; window.ts does the Electron I/O.
 */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface DisplayArea {
  id: number
  /** The display's work area: the screen minus taskbar, dock and menu bar. */
  workArea: Rect
}

const RectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})
export const WindowStateSchema = z.object({ bounds: RectSchema, maximized: z.boolean() })
export type WindowState = z.infer<typeof WindowStateSchema>
/** The file: one state per display arrangement, keyed by displaySetupKey. */
export const WindowStateFileSchema = z.record(z.string().max(500), WindowStateSchema)
export type WindowStateFile = z.infer<typeof WindowStateFileSchema>

export const DEFAULT_SIZE = { width: 1440, height: 900 }
export const MIN_SIZE = { width: 960, height: 600 }
/** How much of the window (its title bar end) must lie on a display to count as reachable. */
const MIN_VISIBLE = 64

/** One key per arrangement of displays: same displays at the same places, same remembered window. */
export function displaySetupKey(displays: readonly DisplayArea[]): string {
  return [...displays]
    .map((d) => `${d.workArea.x},${d.workArea.y},${d.workArea.width}x${d.workArea.height}`)
    .sort()
    .join('|')
}

/** A stored file that is missing or damaged is simply no memory: the window opens at its default place. */
export function parseWindowStateFile(json: unknown): WindowStateFile {
  const parsed = WindowStateFileSchema.safeParse(json)
  return parsed.success ? parsed.data : {}
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return { width: Math.max(0, width), height: Math.max(0, height) }
}

/** The display a window belongs on: the one it overlaps most, or the first (primary) when it overlaps none. */
function homeDisplay(bounds: Rect, displays: readonly DisplayArea[]): { display: DisplayArea; visible: boolean } {
  let best = displays[0]!
  let bestArea = -1
  let visible = false
  for (const d of displays) {
    const o = overlap(bounds, d.workArea)
    const area = o.width * o.height
    if (area > bestArea) {
      best = d
      bestArea = area
    }
    // Reachable: enough of its top edge (where the title bar is) on this display to grab it.
    const top = overlap({ ...bounds, height: Math.min(bounds.height, 32) }, d.workArea)
    if (top.width >= MIN_VISIBLE && top.height > 0) visible = true
  }
  return { display: best, visible }
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width)
  const height = Math.min(size.height, area.height)
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  }
}

/**
 * Bounds that fit a visible display: no larger than its work area, moved inside it when they stick out, and
 * centred on the first display when no display shows the window's title bar at all.
 */
export function clampToDisplays(bounds: Rect, displays: readonly DisplayArea[]): Rect {
  if (displays.length === 0) return bounds
  const { display, visible } = homeDisplay(bounds, displays)
  const area = visible ? display.workArea : displays[0]!.workArea
  if (!visible) return centred(bounds, area)
  const width = Math.min(bounds.width, area.width)
  const height = Math.min(bounds.height, area.height)
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height)
  return { x, y, width, height }
}

/** The state to open with under the current displays: the remembered one for this arrangement, clamped. */
export function initialWindowState(file: WindowStateFile, displays: readonly DisplayArea[]): WindowState {
  const saved = file[displaySetupKey(displays)]
  const primary = displays[0]?.workArea ?? { x: 0, y: 0, ...DEFAULT_SIZE }
  if (!saved) return { bounds: centred(DEFAULT_SIZE, primary), maximized: false }
  return { bounds: clampToDisplays(saved.bounds, displays), maximized: saved.maximized }
}

/** The file after remembering `state` for the current arrangement (others are kept). */
export function rememberWindowState(
  file: WindowStateFile,
  displays: readonly DisplayArea[],
  state: WindowState,
): WindowStateFile {
  const bounds = {
    x: Math.round(state.bounds.x),
    y: Math.round(state.bounds.y),
    width: Math.max(1, Math.round(state.bounds.width)),
    height: Math.max(1, Math.round(state.bounds.height)),
  }
  return { ...file, [displaySetupKey(displays)]: { bounds, maximized: state.maximized } }
}
