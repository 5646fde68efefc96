import { BrowserWindow } from 'electron'
import { APP_NAME } from '@shared/version'
import { RENDERER_INDEX_URL, secureWebPreferences } from './security'
import { MIN_SIZE, type WindowState } from './window-state'

export interface WindowOptions {
  /** out/preload/index.cjs: sandboxed preloads run CommonJS only. */
  preloadPath: string
  iconPath?: string
  /** ELECTRON_RENDERER_URL under `electron-vite dev`. */
  devServerUrl?: string
  /** Where to open (window-state.ts initialWindowState: remembered for these displays, clamped to one). */
  state?: WindowState
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const bounds = opts.state?.bounds
  const win = new BrowserWindow({
    title: APP_NAME,
    ...(bounds ?? { width: 1440, height: 900 }),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    backgroundColor: '#111317',
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: secureWebPreferences(opts.preloadPath),
  })
  // Shown once painted, so the user never sees a blank white frame.
  win.once('ready-to-show', () => {
    if (opts.state?.maximized) win.maximize()
    win.show()
  })
  void win.loadURL(opts.devServerUrl ?? RENDERER_INDEX_URL)
  return win
}

/**
 * Calls `save` with the window's state whenever it settles (moved, resized, maximized or restored) and on close.
 * Un-maximized bounds are what is stored, so restoring a maximized window later returns to the size it had.
 */
export function trackWindowState(win: BrowserWindow, save: (state: WindowState) => void): void {
  let timer: NodeJS.Timeout | null = null
  const capture = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return
    save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() })
  }
  const later = (): void => {
    if (timer) clearTimeout(timer)
    // A drag fires dozens of moves; one write after it settles is enough.
    timer = setTimeout(capture, 500)
  }
  for (const event of ['move', 'resize', 'maximize', 'unmaximize'] as const) win.on(event as 'move', later)
  win.on('close', () => {
    if (timer) clearTimeout(timer)
    capture()
  })
}
