import type { AppCommandMessage } from '@shared/contracts'
import type { PreloadApi } from '@shared/contracts/bridge'

type CommandCheck = (raw: unknown) => AppCommandMessage | null

/**
 * The host's app-menu commands. Under Electron they come from main through the preload; browser mode has no
 * app menu, so nothing arrives there. Messages are checked: a malformed one is dropped, never half-applied. The
 * check (zod and the schema) is loaded with the first command, not at start, and commands keep their order.
 */
export function onHostCommand(listener: (message: AppCommandMessage) => void): () => void {
  const preload = (window as Window & { api?: PreloadApi }).api
  if (!preload || preload.host !== 'electron' || typeof preload.onCommand !== 'function') return () => undefined
  let check: Promise<CommandCheck> | null = null
  let queue: Promise<void> = Promise.resolve()
  let live = true
  const stop = preload.onCommand((raw) => {
    queue = queue.then(async () => {
      check ??= import('./app-command-check').then((m) => m.checkAppCommand)
      let message: AppCommandMessage | null
      try {
        message = (await check)(raw)
      } catch {
        // The check could not load (a broken build): the command is dropped, and the next one loads it again.
        check = null
        return
      }
      if (message && live) listener(message)
    })
  })
  return () => {
    live = false
    stop()
  }
}
