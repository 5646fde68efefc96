/**
 * The Electron composition root: lifecycle, window, protocols and IPC wiring only. Everything the app does lives
 * in the Electron-free core (./core.ts); everything Electron-specific lives in ./electron/.
 */
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron'
import { redactSecrets } from '@shared/errors'
import { createCore } from './core'
import type { Core } from './core-types'
import { forwardEvents, registerIpc } from './electron/ipc'
import { createKeychainKeyStore } from './electron/key-store'
import { handleProtocols, registerSchemes } from './electron/protocol'
import { contentSecurityPolicy, hardenApp, hardenSession, isTrustedSender } from './electron/security'
import { createMainWindow } from './electron/window'
import { readServeEnv } from './server/serve-env'

const here = import.meta.dirname
const devServerUrl = process.env.ELECTRON_RENDERER_URL || undefined

let core: Core | null = null
let window: BrowserWindow | null = null

registerSchemes()

if (!app.requestSingleInstanceLock()) {
  // Two processes on one library would fight over the database and could submit the same cells twice.
  app.quit()
} else {
  hardenApp(app, devServerUrl)
  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', (event) => {
    if (!core) return
    // Let the core finish its file-then-row writes before the process goes away.
    event.preventDefault()
    const closing = core
    core = null
    void closing.close().finally(() => app.quit())
  })
  void app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      // Trimmed, as the core uses it: the untrimmed value would not match the key inside a message.
      const key = process.env.SEGMIND_API_KEY?.trim()
      const secret = key ? [key] : []
      const message = redactSecrets(e instanceof Error ? e.message : String(e), secret)
      process.stderr.write(`Soul Batch could not start: ${message}\n`)
      // Started from a desktop launcher there is no terminal to read, so say it in a dialog too.
      dialog.showErrorBox('Soul Batch could not start', message)
      app.exit(1)
    })
}

async function start(): Promise<void> {
  // Same environment as browser mode (SOUL_BATCH_HOME, SEGMIND_API_KEY, ...), so both hosts open the same library.
  const env = readServeEnv(process.env)
  const secrets = env.apiKey ? [env.apiKey] : []
  const started = await createCore({
    home: env.home,
    ...(env.apiKey ? { apiKey: env.apiKey } : {}),
    ...(env.baseUrl ? { baseUrl: env.baseUrl } : {}),
    ...(env.demo ? { demo: env.demo } : {}),
    keyStore: createKeychainKeyStore(join(app.getPath('userData'), 'api-key.bin')),
  })
  core = started
  const csp = contentSecurityPolicy(devServerUrl)
  hardenSession(session.defaultSession, csp)
  handleProtocols(protocol, started, join(here, '../renderer'), csp)
  registerIpc(ipcMain, started, { isTrusted: (event) => isTrustedSender(event, devServerUrl), secrets })
  window = createMainWindow({
    preloadPath: join(here, '../preload/index.cjs'),
    iconPath: join(here, '../../resources/icon.png'),
    ...(devServerUrl ? { devServerUrl } : {}),
  })
  forwardEvents(started, window.webContents)
  window.on('closed', () => {
    window = null
  })
}
