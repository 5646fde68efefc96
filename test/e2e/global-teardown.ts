import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, resolve } from 'node:path'
import { HOME_PREFIX } from './e2e-env'

/** Removes this run's library folders, and only a folder this config made (guards against a stray env value). */
export default function globalTeardown(): void {
  const home = process.env.SOUL_BATCH_E2E_HOME
  if (!home) return
  const dir = resolve(home)
  if (dirname(dir) !== resolve(tmpdir()) || !basename(dir).startsWith(HOME_PREFIX)) return
  if (process.env.SOUL_BATCH_E2E_KEEP === '1') return
  rmSync(dir, { recursive: true, force: true })
}
