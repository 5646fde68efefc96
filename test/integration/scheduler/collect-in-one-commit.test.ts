import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { matrix, readDb, rig, type Rig } from '../core/helpers'

/**
 * A status check that sees COMPLETED goes straight on to the result and the image, and the three arrows land in
 * one transaction (scheduler/fetch.ts). Proof from the database itself: a trigger the test adds logs every UPDATE
 * of a cell, i.e. every committed arrow, with the state it left the cell in. Real simulator, real SQLite.
 */
const LOG_ARROWS = `
  CREATE TABLE arrow_log (cell_id TEXT, state TEXT, output_url TEXT);
  CREATE TRIGGER arrow_log_update AFTER UPDATE ON cells BEGIN
    INSERT INTO arrow_log VALUES (new.id, new.state, new.output_url);
  END;`

/** The trigger is added through a second connection to the library's file while the core has it open. */
function logArrows(home: string): void {
  const db = new Database(join(home, 'soul-batch.db'))
  try {
    db.pragma('busy_timeout = 5000')
    db.exec(LOG_ARROWS)
  } finally {
    db.close()
  }
}

function arrows(home: string): Map<string, string[]> {
  const rows = readDb(home, (db) => db.prepare('SELECT cell_id, state FROM arrow_log ORDER BY rowid').all()) as {
    cell_id: string
    state: string
  }[]
  const out = new Map<string, string[]>()
  for (const r of rows) out.set(r.cell_id, [...(out.get(r.cell_id) ?? []), r.state])
  return out
}

describe('collecting a finished job', () => {
  let r: Rig | null = null
  afterEach(async () => {
    await r?.close()
    r = null
  })

  it('lands completed, result and saved in one commit when the first check finds the job done', async () => {
    r = await rig('collect-one-commit', { latencyMeanSeconds: 2, latencyJitterSeconds: 0.2 })
    logArrows(r.home)
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['one commit a', 'one commit b']) })
    await r.core.waitForIdle()
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.cells.every((c) => c.state === 'saved')).toBe(true)
    const log = arrows(r.home)
    for (const cell of detail.cells) {
      const states = log.get(cell.id) ?? []
      // submitting (the wave), queued (the POST's answer), then saved: never a committed `fetching` in between.
      expect(states[0]).toBe('submitting')
      expect(states.at(-1)).toBe('saved')
      expect(states).not.toContain('fetching')
    }
    // What the carried arrows wrote is there: detection time, the image URL, the cost from the result's metrics.
    const facts = readDb(r.home, (db) =>
      db.prepare('SELECT detected_at, output_url, cost FROM cells WHERE batch_id = ?').all(batchId),
    ) as { detected_at: number | null; output_url: string | null; cost: number | null }[]
    expect(facts).toHaveLength(detail.cells.length)
    for (const f of facts) {
      expect(f.detected_at).toBeTypeOf('number')
      expect(f.output_url).toMatch(/^http/)
      expect(f.cost).toBeGreaterThan(0)
    }
    const counts = readDb(r.home, (db) =>
      db.prepare('SELECT endpoint, count, errors FROM request_counts WHERE batch_id = ?').all(batchId),
    ) as { endpoint: string; count: number; errors: number }[]
    const by = new Map(counts.map((c) => [c.endpoint, c]))
    // Every request is still counted, each with the arrow its answer made.
    expect(by.get('result')?.count).toBe(detail.cells.length)
    expect(by.get('download')?.count).toBe(detail.cells.length)
    expect(by.get('status')?.count).toBeGreaterThanOrEqual(detail.cells.length)
  })

  it('a result that fails after COMPLETED lands the carried arrow first; the image is still collected', async () => {
    // Status and result answers fail half the time: some checks see COMPLETED and then lose the result.
    r = await rig('collect-carry-flush', {
      latencyMeanSeconds: 2,
      latencyJitterSeconds: 0.2,
      seed: 7,
      faults: { get5xx: 0.5 },
    })
    logArrows(r.home)
    const prompts = Array.from({ length: 8 }, (_, i) => `carry flush ${i}`)
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(prompts) })
    await r.core.waitForIdle()
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.cells.every((c) => c.state === 'saved')).toBe(true)
    const log = arrows(r.home)
    // A cell whose result failed after the check saw it done was committed `fetching` (the carried `completed`),
    // then kept and collected later without a new job.
    const flushed = detail.cells.filter((c) => (log.get(c.id) ?? []).includes('fetching'))
    expect(flushed.length).toBeGreaterThan(0)
    const submits = readDb(r.home, (db) =>
      db.prepare('SELECT submits FROM cells WHERE batch_id = ?').pluck().all(batchId),
    ) as number[]
    expect(submits).toEqual(detail.cells.map(() => 1))
  })
})
