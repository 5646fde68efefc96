import { BrowserWindow } from 'electron'
import { APP_NAME } from '@shared/version'
import { RENDERER_INDEX_URL, secureWebPreferences } from './security'

export interface WindowOptions {
  /** out/preload/index.cjs: sandboxed preloads run CommonJS only. */
  preloadPath: string
  iconPath?: string
  /** ELECTRON_RENDERER_URL under `electron-vite dev`. */
  devServerUrl?: string
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: APP_NAME,
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#111317',
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: secureWebPreferences(opts.preloadPath),
  })
  // Shown once painted, so the user never sees a blank white frame.
  win.once('ready-to-show', () => win.show())
  void win.loadURL(opts.devServerUrl ?? RENDERER_INDEX_URL)
  return win
}
