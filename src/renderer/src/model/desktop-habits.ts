/**
 * The window title and notifications in browser mode: the same pure rules the desktop app's main process uses
 * for its title, taskbar progress and system notifications (src/shared/desktop-habits.ts), so both say the same.
 */
export {
  APP_TITLE,
  finishedBatchNotices,
  queuePauseNotice,
  windowTitle,
  type DesktopNotice,
} from '@shared/desktop-habits'
