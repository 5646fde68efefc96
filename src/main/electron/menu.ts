import type { MenuItemConstructorOptions } from 'electron'
import type { AppCommand } from '@shared/contracts'
import { APP_NAME } from '@shared/version'

/** What the menu's own items do; everything else is a platform role Electron implements. */
export interface MenuActions {
  command(command: AppCommand): void
  openLogsFolder(): void
  about(): void
}

type Item = MenuItemConstructorOptions

/**
 * The application menu for one platform, as data (Menu.buildFromTemplate turns it into a menu). macOS gets the
 * app menu (About, Settings, Services, Hide, Quit) and a Window menu with Bring All to Front; Windows and Linux
 * keep Settings and Exit in File and About in Help, as their apps do. Accelerators use CmdOrCtrl so one template
 * reads Cmd on a Mac and Ctrl elsewhere.
 */
export function buildMenuTemplate(platform: NodeJS.Platform, actions: MenuActions, appName = APP_NAME): Item[] {
  const mac = platform === 'darwin'
  const run = (command: AppCommand) => () => actions.command(command)
  const settings: Item = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: run('settings') }
  const about: Item = { label: `About ${appName}`, click: () => actions.about() }

  const appMenu: Item = {
    label: appName,
    submenu: [
      about,
      { type: 'separator' },
      settings,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  }
  const file: Item = {
    label: 'File',
    submenu: [
      { label: 'New Batch', accelerator: 'CmdOrCtrl+N', click: run('new-batch') },
      { label: 'Import CSV…', accelerator: 'CmdOrCtrl+O', click: run('import-csv') },
      { type: 'separator' },
      ...(mac ? [{ role: 'close' } as Item] : [settings, { type: 'separator' } as Item, { role: 'quit' } as Item]),
    ],
  }
  const edit: Item = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as Item] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  }
  const view: Item = {
    label: 'View',
    submenu: [
      { label: 'Library', accelerator: 'CmdOrCtrl+L', click: run('library') },
      { type: 'separator' },
      { role: 'reload' },
      { role: 'forceReload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }
  const window: Item = {
    label: 'Window',
    role: 'windowMenu',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  }
  const help: Item = {
    label: 'Help',
    role: 'help',
    submenu: [
      { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      ...(mac ? [] : [{ type: 'separator' } as Item, about]),
    ],
  }
  return mac ? [appMenu, file, edit, view, window, help] : [file, edit, view, window, help]
}
