import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * REVIEW FINDING: Scheduler.tick (src/main/scheduler/runner.ts) runs from setImmediate with no try/catch, and its
 * serveSubmits transaction writes to SQLite. Any write error there (SQLITE_BUSY when another process holds the
 * library — see second-core-on-same-library.test.ts —, a full disk, an I/O error) escapes as an uncaught
 * exception: the CLI and browser mode die on the spot (POSTs in flight lose their answers and their cells turn
 * `unknown` at the next start), the desktop app's main process shows an error dialog. A tick should catch, log,
 * and pause the queue (or retry later) instead.
 *
 * Runs in a child process because an uncaught exception would take the test worker down with it.
 */
describe('review: a database error inside a tick', () => {
  it('does not escape as an uncaught exception', () => {
    const here = import.meta.dirname
    const out = spawnSync(
      process.execPath,
      [join(here, 'fixtures', 'run-ts.mjs'), join(here, 'fixtures', 'tick-write-error.ts')],
      { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
    )
    expect(out.stderr).not.toMatch(/Cannot find|ERR_/) // the scenario itself ran
    expect(out.stdout).toContain('SURVIVED')
    expect(out.stdout).not.toContain('UNCAUGHT')
    expect(out.status).toBe(0)
  })
})
