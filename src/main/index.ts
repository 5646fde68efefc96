/**
 * The Electron composition root: lifecycle, window, menu, protocols and IPC wiring only. The core runs in a
 * utility process (./channel/core-host.ts) and is reached through ./channel; everything Electron-specific lives
 * in ./electron/.
 */
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell as electronShell } from 'electron'
import { redactSecrets } from '@shared/errors'
import type { RemoteCore } from './channel/remote-core'
import { installCrashGuards } from './diagnostics/crash-guard'
import {
  installMenu,
  loadWindowState,
  onCloseRequested,
  openCsv,
  saveWindowState,
  type ShellContext,
} from './electron/app-shell'
import { startCoreProcess } from './electron/core-process'
import { showDesktopHabits } from './electron/desktop-habits'
import { forwardEvents, registerIpcCalls } from './electron/ipc'
import { createKeychainKeyStore } from './electron/key-store'
import { handleProtocols, registerSchemes } from './electron/protocol'
import { contentSecurityPolicy, hardenApp, hardenSession, isTrustedSender } from './electron/security'
import { csvPathFromArgv, handOffSecondInstance } from './electron/single-instance'
import { createMainWindow, trackWindowState } from './electron/window'
import { createLogger, fileSink } from './log'
import { readServeEnv } from './server/serve-env'

const here = import.meta.dirname
const devServerUrl = process.env.ELECTRON_RENDERER_URL || undefined
const iconPath = join(here, '../../resources/icon.png')

let core: RemoteCore | null = null
let window: BrowserWindow | null = null
let shell: ShellContext | null = null
let closeAllowed = false
let deciding = false
/** A CSV named at launch (command line, or macOS open-file before the window exists), opened once it loads. */
let pendingCsv: string | null = csvPathFromArgv(process.argv, process.cwd())

registerSchemes()

if (!app.requestSingleInstanceLock()) {
  // Two processes on one library would fight over the database and could submit the same cells twice; the
  // first instance gets our command line (second-instance below) and opens the CSV it names.
  app.quit()
} else {
  hardenApp(app, devServerUrl)
  app.on('second-instance', (_event, argv, workingDirectory) => {
    handOffSecondInstance(window, argv, workingDirectory, (path) => {
      if (shell) void openCsv(shell, path)
      else pendingCsv = path
    })
  })
  // macOS delivers "Open with Soul Batch" and drops on the Dock icon as open-file, not argv.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (shell && window) void openCsv(shell, path)
    else pendingCsv = path
  })
  app.on('window-all-closed', () => app.quit())
  app.on('activate', () => window?.show())
  app.on('before-quit', (event) => {
    closeAllowed = true
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
  // Same environment as browser mode (SOUL_BATCH_HOME, SEGMIND_API_KEY, ...), checked here so a bad value is
  // reported before any process starts; the key itself goes only to the core's process.
  const env = readServeEnv(process.env)
  const secrets = env.apiKey ? [env.apiKey] : []
  const logDir = app.getPath('logs')
  const log = createLogger(fileSink(logDir, { fileName: 'main.log' }), { scope: 'main', secrets })
  installCrashGuards(log)
  const remote = startCoreProcess({
    mainDir: here,
    home: env.home,
    logDir,
    // The saved key lives in the OS keychain, which only this process can reach; the core asks over the channel.
    keyStore: createKeychainKeyStore(join(app.getPath('userData'), 'api-key.bin')),
    onKey: (key) => {
      if (!secrets.includes(key)) secrets.push(key)
    },
    revealFile: (path) => electronShell.showItemInFolder(path),
    log,
  })
  core = remote
  const facts = await remote.ready

  const csp = contentSecurityPolicy(devServerUrl)
  hardenSession(session.defaultSession, csp)
  handleProtocols(protocol, { home: facts.home, imagePath: remote.imagePath }, join(here, '../renderer'), csp)
  registerIpcCalls(ipcMain, remote.call, { isTrusted: (event) => isTrustedSender(event, devServerUrl), secrets, log })

  const win = createMainWindow({
    preloadPath: join(here, '../preload/index.cjs'),
    iconPath,
    state: loadWindowState(),
    ...(devServerUrl ? { devServerUrl } : {}),
  })
  window = win
  trackWindowState(win, (state) => saveWindowState(state, log))
  forwardEvents({ onEvent: remote.onEvent, redact: (text) => redactSecrets(text, secrets) }, win.webContents)
  // "3/12 · Soul Batch" in the title and on the taskbar/dock, and a notification when a batch ends or the queue stops.
  showDesktopHabits(remote, () => window, log)
  const ctx: ShellContext = {
    core: remote,
    home: facts.home,
    logDir,
    iconPath,
    log,
    window: () => window,
    allowClose: () => {
      closeAllowed = true
    },
  }
  shell = ctx
  installMenu(ctx)
  win.on('close', (event) => {
    if (closeAllowed) return
    // Decided asynchronously (it asks the core whether a batch runs): hold the close, then quit or hide.
    event.preventDefault()
    // A second click on the close button while the question is open is the same request.
    if (deciding) return
    deciding = true
    void onCloseRequested(ctx).finally(() => {
      deciding = false
    })
  })
  win.on('closed', () => {
    window = null
  })
  win.webContents.once('did-finish-load', () => {
    if (pendingCsv) void openCsv(ctx, pendingCsv)
    pendingCsv = null
  })
}
