import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { matrix, nextEvent, rig, simKey, type Rig } from './helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('crash recovery (close mid-batch, reopen)', () => {
  it('resumes jobs on the server without re-sending them; a submitting row without a request id becomes unknown and is never sent', async () => {
    r = await rig('recovery', { timeScale: 0.005 }, { settings: { rpm: 6000, concurrency: 3 } })
    const prompts = Array.from({ length: 8 }, (_, i) => `recover ${i}`)
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(prompts) })
    await nextEvent(r.core, (e) => e.type === 'cell' && e.cell.state === 'saved')
    await r.core.close()

    // Simulate a crash between writing `submitting` and the POST: a pending cell turned submitting, no request id.
    const db = new Database(join(r.home, 'soul-batch.db'))
    const onServer = db
      .prepare("SELECT COUNT(*) AS n FROM cells WHERE state IN ('queued', 'processing', 'fetching')")
      .get() as { n: number }
    const victim = db
      .prepare("SELECT id, params_json FROM cells WHERE state = 'pending' ORDER BY ord LIMIT 1")
      .get() as { id: string; params_json: string }
    expect(victim).toBeDefined()
    db.prepare("UPDATE cells SET state = 'submitting', submits = submits + 1 WHERE id = ?").run(victim.id)
    db.close()

    const core = await r.reopen()
    await core.waitForIdle()
    const d = await core.handlers['batch.get']({ batchId })
    const lost = d.cells.find((c) => c.id === victim.id)!
    expect(lost.state).toBe('unknown')
    expect(lost.error?.message).toMatch(/not re-sent/)
    expect(d.batch.counts).toEqual({ saved: 15, unknown: 1 })
    expect(
      r.sim.counters.submitsByKey.has(
        simKey(JSON.parse(victim.params_json) as { prompt: string; style_id: string; seed: number }),
      ),
    ).toBe(false)
    // cells that were on the server were collected, not re-sent: one job per saved cell, ever
    for (const c of d.cells.filter((x) => x.state === 'saved'))
      expect(r.sim.counters.submitsByKey.get(simKey(c.params))).toBe(1)
    expect(r.sim.counters.requests.submit).toBe(15)
    expect(onServer.n).toBeGreaterThan(0)
  })
})
