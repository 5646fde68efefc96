import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The per-user library folder when neither the host nor SOUL_BATCH_HOME names one: the platform's usual place
 * for application data. Inputs are parameters so each platform's answer can be tested on any machine.
 */
export function defaultHome(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.SOUL_BATCH_HOME) return env.SOUL_BATCH_HOME
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Soul Batch')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Soul Batch')
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'soul-batch')
}
