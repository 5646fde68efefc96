import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { app, dialog, Menu, screen, shell, Tray, type BrowserWindow } from 'electron'
import { APP_COMMAND_CHANNEL, type AppCommand, type AppCommandMessage, type QueueStatus } from '@shared/contracts'
import { APP_NAME, APP_VERSION } from '@shared/version'
import type { RemoteCore } from '../channel/remote-core'
import type { ScopedLogger } from '../log'
import { aboutDetail, aboutTitle } from './about'
import { closeAction, closeQuestion, parseCloseChoice, type CloseChoice } from './background'
import { csvImportMessage } from './csv-open'
import { buildMenuTemplate } from './menu'
import {
  initialWindowState,
  parseWindowStateFile,
  rememberWindowState,
  type DisplayArea,
  type WindowState,
} from './window-state'

/**
 * The desktop behaviour around the one window: menu, About, CSV hand-over, remembered window state and what
 * closing does while a batch runs. Thin Electron I/O over the pure modules beside it.
 */
export interface ShellContext {
  core: RemoteCore
  home: string
  logDir: string
  iconPath: string
  log: ScopedLogger
  window(): BrowserWindow | null
  /** Lets the next close through (quitting for real). */
  allowClose(): void
}

export function sendCommand(win: BrowserWindow | null, message: AppCommandMessage): void {
  if (win && !win.isDestroyed()) win.webContents.send(APP_COMMAND_CHANNEL, message)
}

export async function openCsv(ctx: ShellContext, path: string): Promise<void> {
  try {
    const win = ctx.window()
    sendCommand(win, await csvImportMessage(path))
    win?.show()
  } catch (e) {
    dialog.showErrorBox('Cannot import the CSV file', e instanceof Error ? e.message : String(e))
  }
}

export function installMenu(ctx: ShellContext): void {
  const command = (c: AppCommand): void => {
    if (c === 'about') return void showAbout(ctx)
    if (c === 'import-csv') return void chooseCsv(ctx)
    sendCommand(ctx.window(), { command: c })
  }
  const template = buildMenuTemplate(process.platform, {
    command,
    about: () => void showAbout(ctx),
    openLogsFolder: () => void shell.openPath(ctx.logDir),
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

async function chooseCsv(ctx: ShellContext): Promise<void> {
  const win = ctx.window()
  const options = {
    title: 'Import prompts from a CSV file',
    properties: ['openFile' as const],
    filters: [{ name: 'CSV or TSV', extensions: ['csv', 'tsv'] }],
  }
  const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  const path = picked.filePaths[0]
  if (!picked.canceled && path) await openCsv(ctx, path)
}

async function showAbout(ctx: ShellContext): Promise<void> {
  const detail = aboutDetail({
    version: APP_VERSION,
    versions: process.versions,
    libraryPath: ctx.home,
    logsPath: ctx.logDir,
  })
  const options = {
    type: 'info' as const,
    title: aboutTitle(),
    message: `${APP_NAME} ${APP_VERSION}`,
    detail,
    buttons: ['OK'],
  }
  const win = ctx.window()
  await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function writeJson(file: string, value: unknown, log: ScopedLogger): void {
  try {
    writeFileSync(file, JSON.stringify(value))
  } catch (e) {
    log.warn('could not save a preference', { file, error: e })
  }
}

function displays(): DisplayArea[] {
  const primary = screen.getPrimaryDisplay().id
  // Primary first: it is where a window with no visible home opens.
  return screen
    .getAllDisplays()
    .sort((a, b) => Number(b.id === primary) - Number(a.id === primary))
    .map((d) => ({ id: d.id, workArea: d.workArea }))
}

const windowStateFile = (): string => join(app.getPath('userData'), 'window-state.json')

export function loadWindowState(): WindowState {
  return initialWindowState(parseWindowStateFile(readJson(windowStateFile())), displays())
}

export function saveWindowState(state: WindowState, log: ScopedLogger): void {
  const file = parseWindowStateFile(readJson(windowStateFile()))
  writeJson(windowStateFile(), rememberWindowState(file, displays(), state), log)
}

const prefsFile = (): string => join(app.getPath('userData'), 'preferences.json')

/**
 * The window's close button while a batch runs: ask once (keep running in the background, or pause and quit),
 * remember the answer, act on it. Returns once decided; the window is hidden or the app quits.
 */
export async function onCloseRequested(ctx: ShellContext): Promise<void> {
  const answer = await ctx.core.call('queue.status', {})
  const queue = answer.ok ? (answer.data as QueueStatus) : null
  let action = closeAction(queue, parseCloseChoice(readJson(prefsFile())))
  if (action === 'ask' && queue) {
    const q = closeQuestion(queue)
    const win = ctx.window()
    const options = {
      type: 'question' as const,
      message: q.message,
      detail: q.detail,
      buttons: q.buttons,
      defaultId: 0,
      cancelId: 0,
    }
    const picked = await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
    const choice: CloseChoice = q.choices[picked.response] ?? 'keep-running'
    writeJson(prefsFile(), { onCloseWhileRunning: choice }, ctx.log)
    action = choice === 'pause' ? 'pause-and-quit' : 'keep-running'
  }
  if (action === 'keep-running') return runInBackground(ctx)
  if (action === 'pause-and-quit') await ctx.core.call('queue.pause', {})
  ctx.allowClose()
  app.quit()
}

let tray: Tray | null = null

function runInBackground(ctx: ShellContext): void {
  ctx.window()?.hide()
  if (tray) return
  tray = new Tray(ctx.iconPath)
  tray.setToolTip(`${APP_NAME}: generating in the background`)
  const showWindow = (): void => {
    ctx.window()?.show()
    tray?.destroy()
    tray = null
  }
  tray.on('click', showWindow)
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: `Show ${APP_NAME}`, click: showWindow },
      { type: 'separator' },
      {
        label: 'Pause and Quit',
        click: () =>
          void ctx.core.call('queue.pause', {}).finally(() => {
            ctx.allowClose()
            app.quit()
          }),
      },
    ]),
  )
}
