import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Fixed so specs can open the app and call the server directly; the library folders are fresh per run. */
export const E2E_TOKEN = 'e2e-soul-batch-token-0123456789'
export const HOME_PREFIX = 'soul-batch-e2e-'

/**
 * Browser-mode servers: `main` runs a well-behaved simulator; `faults` one whose every job fails, and `vanish`
 * one that loses jobs, so the failure UI can be driven for real without touching the main server's queue.
 */
export const SERVERS = {
  main: {
    port: Number(process.env.SOUL_BATCH_E2E_PORT ?? 5187),
    demo: { timeScale: 0.01, imageScale: 0.15 },
  },
  faults: {
    port: Number(process.env.SOUL_BATCH_E2E_FAULTS_PORT ?? 5188),
    demo: { timeScale: 0.01, imageScale: 0.15, faults: { failed: 1 } },
  },
  /** Forgets every job 5 model seconds after submit, long before Segmind's hour: jobs "vanish" (billed, gone). */
  vanish: {
    port: Number(process.env.SOUL_BATCH_E2E_VANISH_PORT ?? 5191),
    demo: { timeScale: 0.01, imageScale: 0.15, ttlSeconds: 5 },
  },
  /** Starts in demo mode; a key typed into Settings takes it live against KEY_SIMULATOR (issue 10). */
  keys: {
    port: Number(process.env.SOUL_BATCH_E2E_KEYS_PORT ?? 5189),
    demo: { timeScale: 0.01, imageScale: 0.15 },
  },
} as const

/** A stand-alone simulator playing Segmind for the `keys` server once a key is entered; it accepts this key. */
export const KEY_SIMULATOR = {
  port: Number(process.env.SOUL_BATCH_E2E_SIM_PORT ?? 5190),
  key: 'SG_0000000000000000',
} as const
export type ServerName = keyof typeof SERVERS

export function baseUrl(server: ServerName): string {
  return `http://127.0.0.1:${SERVERS[server].port}`
}

/**
 * The runner and each worker load the config; the first one makes the folder and the others inherit it through
 * the environment, so servers and specs agree on one place.
 */
export function e2eRoot(): string {
  process.env.SOUL_BATCH_E2E_HOME ??= mkdtempSync(join(tmpdir(), HOME_PREFIX))
  return process.env.SOUL_BATCH_E2E_HOME
}
