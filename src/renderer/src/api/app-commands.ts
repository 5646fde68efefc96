import { AppCommandMessageSchema, type AppCommandMessage } from '@shared/contracts'
import type { PreloadApi } from '@shared/contracts/bridge'

/**
 * The host's app-menu commands. Under Electron they come from main through the preload; browser mode has no
 * app menu, so nothing arrives there. Messages are checked: a malformed one is dropped, never half-applied.
 */
export function onHostCommand(listener: (message: AppCommandMessage) => void): () => void {
  const preload = (window as Window & { api?: PreloadApi }).api
  if (!preload || preload.host !== 'electron' || typeof preload.onCommand !== 'function') return () => undefined
  return preload.onCommand((raw) => {
    const parsed = AppCommandMessageSchema.safeParse(raw)
    if (parsed.success) listener(parsed.data)
  })
}
