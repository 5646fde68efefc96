import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Fixed so specs can open the app and call the server directly; the home folder is fresh per run. */
export const E2E_PORT = Number(process.env.SOUL_BATCH_E2E_PORT ?? 5187)
export const E2E_TOKEN = 'e2e-soul-batch-token-0123456789'
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`
export const HOME_PREFIX = 'soul-batch-e2e-'

/**
 * The runner and each worker load the config; the first one makes the folder and the others inherit it through
 * the environment, so the server and the specs agree on one library.
 */
export function e2eHome(): string {
  process.env.SOUL_BATCH_E2E_HOME ??= mkdtempSync(join(tmpdir(), HOME_PREFIX))
  return process.env.SOUL_BATCH_E2E_HOME
}
