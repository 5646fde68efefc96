import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { AppCommand } from '@shared/contracts'

vi.mock('electron', () => ({}))
const { buildMenuTemplate } = await import('../../../src/main/electron/menu')

type Item = MenuItemConstructorOptions

function setup(platform: NodeJS.Platform) {
  const commands: AppCommand[] = []
  const calls: string[] = []
  const template = buildMenuTemplate(platform, {
    command: (c) => commands.push(c),
    about: () => calls.push('about'),
    openLogsFolder: () => calls.push('logs'),
  })
  const menu = (label: string): Item[] => {
    const m = template.find((t) => t.label === label)
    if (!m) throw new Error(`no ${label} menu`)
    return m.submenu as Item[]
  }
  const item = (menuLabel: string, label: string): Item => {
    const found = menu(menuLabel).find((i) => i.label === label)
    if (!found) throw new Error(`no ${label} in ${menuLabel}`)
    return found
  }
  const click = (i: Item) => (i.click as () => void)()
  return { template, menu, item, click, commands, calls }
}

const roles = (items: Item[]) => items.filter((i) => i.role).map((i) => i.role)

describe('application menu template', () => {
  it('macOS: app menu first with About, Settings (Cmd+,), Services, Hide and Quit; then File Edit View Window Help', () => {
    const m = setup('darwin')
    expect(m.template.map((t) => t.label)).toEqual(['Soul Batch', 'File', 'Edit', 'View', 'Window', 'Help'])
    const app = m.menu('Soul Batch')
    expect(app[0]!.label).toBe('About Soul Batch')
    expect(roles(app)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit'])
    expect(m.item('Soul Batch', 'Settings…').accelerator).toBe('CmdOrCtrl+,')
    expect(roles(m.menu('Window'))).toEqual(['minimize', 'zoom', 'front'])
    expect(roles(m.menu('File'))).toEqual(['close'])
    expect(roles(m.menu('Edit'))).toContain('pasteAndMatchStyle')
    // About lives in the app menu on a Mac, not in Help.
    expect(m.menu('Help').map((i) => i.label)).toEqual(['Open Logs Folder'])
  })

  it('Windows and Linux: no app menu; Settings and Quit in File, About in Help', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const m = setup(platform)
      expect(m.template.map((t) => t.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
      expect(m.item('File', 'Settings').accelerator).toBe('CmdOrCtrl+,')
      expect(roles(m.menu('File'))).toEqual(['quit'])
      expect(roles(m.menu('Window'))).toEqual(['minimize', 'close'])
      expect(roles(m.menu('Edit'))).not.toContain('pasteAndMatchStyle')
      expect(
        m
          .menu('Help')
          .map((i) => i.label)
          .filter(Boolean),
      ).toEqual(['Open Logs Folder', 'About Soul Batch'])
    }
  })

  it('every platform: Edit has the clipboard roles and View the zoom and reload roles', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const m = setup(platform)
      expect(roles(m.menu('Edit'))).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
      )
      expect(roles(m.menu('View'))).toEqual(
        expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']),
      )
      expect(m.template.find((t) => t.label === 'Window')!.role).toBe('windowMenu')
      expect(m.template.find((t) => t.label === 'Help')!.role).toBe('help')
    }
  })

  it('our commands have their shortcuts and send their command; Help opens the logs folder and About', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const m = setup(platform)
      const newBatch = m.item('File', 'New Batch')
      const importCsv = m.item('File', 'Import CSV…')
      const library = m.item('View', 'Library')
      expect([newBatch.accelerator, importCsv.accelerator, library.accelerator]).toEqual([
        'CmdOrCtrl+N',
        'CmdOrCtrl+O',
        'CmdOrCtrl+L',
      ])
      m.click(newBatch)
      m.click(importCsv)
      m.click(library)
      m.click(platform === 'darwin' ? m.item('Soul Batch', 'Settings…') : m.item('File', 'Settings'))
      expect(m.commands).toEqual(['new-batch', 'import-csv', 'library', 'settings'])
      m.click(m.item('Help', 'Open Logs Folder'))
      m.click(platform === 'darwin' ? m.item('Soul Batch', 'About Soul Batch') : m.item('Help', 'About Soul Batch'))
      expect(m.calls).toEqual(['logs', 'about'])
    }
  })

  it('no accelerator is used twice within one platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const all = setup(platform).template.flatMap((t) =>
        (t.submenu as Item[]).map((i) => i.accelerator).filter(Boolean),
      )
      // Settings appears once per platform; duplicates would make one of two items unreachable by keyboard.
      expect(new Set(all).size).toBe(all.length)
    }
  })
})
