import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LOCK_FILE_NAME } from '../../../src/main/library/library-lock'

/** A process that exits without closing its core leaves no lock behind (the next run need not judge it stale). */
let home = ''
afterEach(() => rmSync(home, { recursive: true, force: true }))

describe('library lock on process exit', () => {
  it('is removed when the holding process exits without releasing it', () => {
    home = mkdtempSync(join(tmpdir(), 'soul-batch-lock-exit-'))
    const here = import.meta.dirname
    const out = spawnSync(
      process.execPath,
      [join(here, 'fixtures', 'run-ts.mjs'), join(here, 'fixtures', 'hold-lock-and-exit.ts'), home],
      { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
    )
    expect(out.stdout).toContain('HELD')
    expect(out.status).toBe(0)
    expect(existsSync(join(home, LOCK_FILE_NAME))).toBe(false)
  })
})
