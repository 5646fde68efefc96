import type { AppCommand, AppCommandMessage } from '@shared/contracts'
import { APP_COMMAND_EVENT } from '@shared/contracts/constants'
import { onHostCommand } from '../api/app-commands'
import { useBatches } from '../stores/batches'
import { useSettingsDialog } from '../stores/settings'

/** `soulbatch:command` as features receive it: each feature listens for the commands it owns. */
export type AppCommandEvent = CustomEvent<{ command: AppCommand; file?: File }>

/**
 * Re-dispatches every menu command as a `soulbatch:command` DOM event, so features listen for their own without
 * knowing the host, and handles the ones that belong to no single feature: New batch, Import CSV and Settings.
 * ('library' is the gallery's, 'about' is a window main opens itself.) Returns the cleanup.
 */
export function startAppCommands(): () => void {
  const offHost = onHostCommand((message) => dispatchAppCommand(message))
  const onCommand = (e: Event): void => handleCommand(e as AppCommandEvent)
  window.addEventListener(APP_COMMAND_EVENT, onCommand)
  return () => {
    offHost()
    window.removeEventListener(APP_COMMAND_EVENT, onCommand)
  }
}

export function dispatchAppCommand(message: AppCommandMessage): void {
  const file = message.file ? new File([message.file.text], message.file.name, { type: 'text/csv' }) : undefined
  window.dispatchEvent(
    new CustomEvent(APP_COMMAND_EVENT, { detail: { command: message.command, ...(file ? { file } : {}) } }),
  )
}

function handleCommand(e: AppCommandEvent): void {
  switch (e.detail.command) {
    case 'new-batch':
      useBatches.getState().openCompose()
      return
    case 'settings':
      useSettingsDialog.getState().show()
      return
    case 'import-csv':
      useBatches.getState().openCompose()
      // The compose page owns the import flow; a file from the OS goes through its file input as if chosen there.
      whenComposeInput((input) => {
        if (!e.detail.file) {
          input.click()
          return
        }
        const files = new DataTransfer()
        files.items.add(e.detail.file)
        input.files = files.files
        input.dispatchEvent(new Event('change', { bubbles: true }))
      })
      return
    default:
      return
  }
}

/** The compose page's CSV input, once it is on screen (opening compose renders it on the next frame). */
function whenComposeInput(use: (input: HTMLInputElement) => void, triesLeft = 30): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="compose-csv-input"]')
  if (input) use(input)
  else if (triesLeft > 0) requestAnimationFrame(() => whenComposeInput(use, triesLeft - 1))
}
