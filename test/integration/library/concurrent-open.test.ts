import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LATEST_SCHEMA_VERSION } from '../../../src/main/db/migrations'

/**
 * Two processes open the same brand-new library in the same millisecond. Before, one of them failed with
 * "table meta already exists" or "database is locked"; now the migration runs in one BEGIN IMMEDIATE
 * transaction that reads the version again under the write lock, so both succeed with the same schema.
 */
const here = import.meta.dirname
let homes: string[] = []
afterEach(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true })
  homes = []
})

function open(home: string, startAt: number): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    [join(here, 'fixtures', 'run-ts.mjs'), join(here, 'fixtures', 'open-new-library.ts'), home, String(startAt)],
    { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr.on('data', (b: Buffer) => (out += b.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })))
}

describe('two processes opening a new library at once', () => {
  it('both succeed and see the whole, latest schema (5 fresh libraries)', async () => {
    for (let round = 0; round < 5; round++) {
      const home = mkdtempSync(join(tmpdir(), 'soul-batch-open-race-'))
      homes.push(home)
      // Far enough ahead that both processes have loaded their code and are spinning when it comes.
      const startAt = Date.now() + 4000
      const [a, b] = await Promise.all([open(home, startAt), open(home, startAt)])
      for (const r of [a, b]) {
        expect(r.out).not.toContain('error')
        expect(r.code).toBe(0)
        const seen = JSON.parse(r.out.trim().split('\n').pop()!) as { version: number; tables: string[] }
        expect(seen.version).toBe(LATEST_SCHEMA_VERSION)
        for (const t of ['meta', 'batches', 'cells', 'images', 'request_counts', 'cells_batch_position']) {
          expect(seen.tables).toContain(t)
        }
      }
    }
  }, 180_000)
})
