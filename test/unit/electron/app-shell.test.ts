import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { APP_COMMAND_CHANNEL } from '@shared/contracts'

const userData = mkdtempSync(join(tmpdir(), 'soul-shell-'))
afterAll(() => rmSync(userData, { recursive: true, force: true }))

const e = vi.hoisted(() => ({
  menus: [] as MenuItemConstructorOptions[][],
  applicationMenu: null as MenuItemConstructorOptions[] | null,
  openDialogAnswer: { canceled: false, filePaths: [] as string[] },
  messageBoxResponse: 0,
  messageBoxes: [] as { message: string; detail?: string; buttons?: string[] }[],
  errorBoxes: [] as string[][],
  opened: [] as string[],
  quits: 0,
  trays: [] as { tooltip: string }[],
  userData: '',
}))

vi.mock('electron', () => ({
  app: {
    getPath: () => e.userData,
    quit: () => {
      e.quits++
    },
  },
  Menu: {
    buildFromTemplate: (t: MenuItemConstructorOptions[]) => {
      e.menus.push(t)
      return t
    },
    setApplicationMenu: (m: MenuItemConstructorOptions[]) => {
      e.applicationMenu = m
    },
  },
  dialog: {
    showOpenDialog: async () => e.openDialogAnswer,
    showMessageBox: async (_w: unknown, o: { message: string }) => {
      e.messageBoxes.push(o)
      return { response: e.messageBoxResponse }
    },
    showErrorBox: (title: string, text: string) => e.errorBoxes.push([title, text]),
  },
  shell: { openPath: async (p: string) => void e.opened.push(p) },
  screen: {
    getPrimaryDisplay: () => ({ id: 1 }),
    getAllDisplays: () => [
      { id: 2, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } },
      { id: 1, workArea: { x: 0, y: 0, width: 1440, height: 900 } },
    ],
  },
  Tray: class {
    constructor() {
      e.trays.push({ tooltip: '' })
    }
    setToolTip(t: string) {
      e.trays.at(-1)!.tooltip = t
    }
    on() {}
    setContextMenu() {}
    destroy() {}
  },
}))
e.userData = userData
const shellModule = await import('../../../src/main/electron/app-shell')
const { createLogger } = await import('../../../src/main/log')

function fakeWindow() {
  const sent: [string, unknown][] = []
  const log: string[] = []
  return {
    sent,
    log,
    isDestroyed: () => false,
    webContents: { send: (channel: string, m: unknown) => sent.push([channel, m]) },
    show: () => log.push('show'),
    hide: () => log.push('hide'),
  }
}

function context(queue: object | null) {
  const win = fakeWindow()
  const calls: string[] = []
  let allowed = 0
  const ctx = {
    core: {
      call: async (name: string) => {
        calls.push(name)
        return queue ? { ok: true, data: queue } : { ok: false, error: { kind: 'internal', message: 'gone' } }
      },
    },
    home: '/home/a/library',
    logDir: '/home/a/logs',
    iconPath: '/app/resources/icon.png',
    log: createLogger(() => undefined),
    window: () => win,
    allowClose: () => {
      allowed++
    },
  }
  // The shell only uses call() of the remote core and these window methods.
  return { ctx: ctx as never as Parameters<typeof shellModule.installMenu>[0], win, calls, allowed: () => allowed }
}

function menuItem(label: string): MenuItemConstructorOptions {
  for (const top of e.applicationMenu ?? []) {
    for (const item of (top.submenu as MenuItemConstructorOptions[]) ?? []) if (item.label === label) return item
  }
  throw new Error(`no menu item ${label}`)
}
const click = (label: string) => (menuItem(label).click as () => void)()
const settle = () => new Promise((r) => setTimeout(r, 20))

beforeEach(() => {
  e.messageBoxes.length = 0
  e.errorBoxes.length = 0
  e.opened.length = 0
  e.quits = 0
  e.trays.length = 0
  rmSync(join(userData, 'preferences.json'), { force: true })
})

describe('menu wiring', () => {
  it('sends New batch and Library to the window, opens the logs folder and the About window', async () => {
    const { ctx, win } = context({})
    shellModule.installMenu(ctx)
    click('New Batch')
    click('Library')
    expect(win.sent).toEqual([
      [APP_COMMAND_CHANNEL, { command: 'new-batch' }],
      [APP_COMMAND_CHANNEL, { command: 'library' }],
    ])
    click('Open Logs Folder')
    expect(e.opened).toEqual(['/home/a/logs'])
    click('About Soul Batch')
    await settle()
    expect(e.messageBoxes[0]!.detail).toContain('Library: /home/a/library')
    expect(e.messageBoxes[0]!.detail).toMatch(/^Version \d+\.\d+\.\d+\nElectron /)
  })

  it('Import CSV asks for a file and sends its text to the window; a missing file is a dialog sentence', async () => {
    const { ctx, win } = context({})
    shellModule.installMenu(ctx)
    const csv = join(userData, 'menu.csv')
    writeFileSync(csv, 'prompt\na heron at dawn\n')
    e.openDialogAnswer = { canceled: false, filePaths: [csv] }
    click('Import CSV…')
    await settle()
    expect(win.sent).toEqual([
      [APP_COMMAND_CHANNEL, { command: 'import-csv', file: { name: 'menu.csv', text: 'prompt\na heron at dawn\n' } }],
    ])
    e.openDialogAnswer = { canceled: true, filePaths: [] }
    click('Import CSV…')
    await settle()
    expect(win.sent).toHaveLength(1)
    await shellModule.openCsv(ctx, join(userData, 'vanished.csv'))
    expect(e.errorBoxes).toEqual([
      ['Cannot import the CSV file', 'Soul Batch could not open vanished.csv: the file is missing or not readable.'],
    ])
  })
})

describe('closing while a batch runs', () => {
  const running = { paused: false, inFlight: 1, pending: 3 }

  it('with nothing running it quits without asking', async () => {
    const { ctx, allowed } = context({ paused: false, inFlight: 0, pending: 0 })
    await shellModule.onCloseRequested(ctx)
    expect(e.messageBoxes).toHaveLength(0)
    expect([allowed(), e.quits]).toEqual([1, 1])
  })

  it('asks once; "Pause and quit" pauses the queue, quits, and is remembered', async () => {
    const { ctx, calls } = context(running)
    e.messageBoxResponse = 1
    await shellModule.onCloseRequested(ctx)
    expect(e.messageBoxes).toHaveLength(1)
    expect(calls).toEqual(['queue.status', 'queue.pause'])
    expect(e.quits).toBe(1)
    expect(JSON.parse(readFileSync(join(userData, 'preferences.json'), 'utf8'))).toEqual({
      onCloseWhileRunning: 'pause',
    })
    await shellModule.onCloseRequested(ctx)
    expect(e.messageBoxes).toHaveLength(1)
    expect(e.quits).toBe(2)
  })

  it('"Keep running" hides the window and shows a tray icon, the only time there is one', async () => {
    const { ctx, win, allowed } = context(running)
    e.messageBoxResponse = 0
    await shellModule.onCloseRequested(ctx)
    expect(win.log).toEqual(['hide'])
    expect(e.trays).toHaveLength(1)
    expect(e.trays[0]!.tooltip).toContain('generating in the background')
    expect([allowed(), e.quits]).toEqual([0, 0])
  })
})

describe('window state file', () => {
  it('saves per display arrangement into userData and reads it back clamped', () => {
    const log = createLogger(() => undefined)
    shellModule.saveWindowState({ bounds: { x: 1500, y: 40, width: 1600, height: 1000 }, maximized: true }, log)
    expect(shellModule.loadWindowState()).toEqual({
      bounds: { x: 1500, y: 40, width: 1600, height: 1000 },
      maximized: true,
    })
    writeFileSync(join(userData, 'window-state.json'), '{not json')
    expect(shellModule.loadWindowState()).toEqual({
      bounds: { x: 0, y: 0, width: 1440, height: 900 },
      maximized: false,
    })
  })
})
