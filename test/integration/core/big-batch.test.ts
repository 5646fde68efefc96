import { afterEach, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { MatrixSchema } from '@shared/domain'
import { createBatchInSlices } from '../../../src/main/batch-creation'
import { openDatabase } from '../../../src/main/db/connection'
import { runnableBatches } from '../../../src/main/db/batches'
import { matrix, readDb, rig, tempHome, type Rig } from './helpers'

let r: Rig | null = null
const cleanups: (() => void)[] = []
afterEach(async () => {
  await r?.close()
  r = null
  for (const c of cleanups.splice(0)) c()
})

/** The largest batch allowed: 10,000 prompts x 10 styles = 100,000 cells. */
const LARGEST = MatrixSchema.parse({
  prompts: Array.from({ length: 10_000 }, (_, i) => ({ prompt: `big ${i}` })),
  styleIds: SOUL_STYLES.map((s) => s.id),
  width_and_height: '1152x1536',
  quality: '720p',
})

describe('the largest allowed batch', () => {
  it('is created in slices while other calls still answer, and its grid opens page by page on an index', async () => {
    r = await rig('big-batch', {}, { autoStart: false })
    const core = r.core
    let otherCallsAnswered = 0
    /** What each listing taken while creating showed: the batch's cells written so far, or null (not listed). */
    const listedWhileCreating: (number | null)[] = []
    let creating = true
    const otherCalls = (async () => {
      // Another window polling the queue while the batch is written: it must get answers meanwhile, and must
      // not see the half-written batch.
      while (creating) {
        await core.handlers['queue.status']({})
        if (otherCallsAnswered % 10 === 0 && creating) {
          const list = await core.handlers['batch.list']({})
          // The batch may appear in the last moment before batch.create's answer reaches this test (its last
          // commit is done); what must never be listed is a batch with only some of its cells.
          if (creating) {
            const cells = list[0] ? Object.values(list[0].counts).reduce((a, b) => a + (b ?? 0), 0) : null
            listedWhileCreating.push(cells)
          }
        }
        otherCallsAnswered++
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    const created = await core.handlers['batch.create']({ matrix: LARGEST })
    creating = false
    await otherCalls
    expect(created.cells).toBe(100_000)
    expect(otherCallsAnswered).toBeGreaterThan(1)
    expect(listedWhileCreating.length).toBeGreaterThan(0)
    expect(listedWhileCreating.every((n) => n === null || n === 100_000)).toBe(true)
    expect(listedWhileCreating.filter((n) => n === null).length).toBeGreaterThan(0)
    expect((await core.handlers['batch.list']({})).map((b) => b.total)).toEqual([100_000])

    // The first grid page: batch.get sends a page, not 100,000 cells, and says where the next one starts.
    const detail = await core.handlers['batch.get']({ batchId: created.batchId })
    expect(detail.batch.total).toBe(100_000)
    expect(detail.batch.counts).toEqual({ pending: 100_000 })
    expect(detail.cells).toHaveLength(1000)
    expect(detail.cells[0]).toMatchObject({ promptIndex: 0, seedIndex: 0, state: 'pending' })
    expect(detail.next).toEqual({ promptIndex: 99, ord: 999 })

    const second = await core.handlers['batch.cells']({ batchId: created.batchId, after: detail.next!, limit: 500 })
    expect(second.cells).toHaveLength(500)
    expect(second.cells[0]!.promptIndex).toBe(100)
    expect(second.next).toEqual({ promptIndex: 149, ord: 1499 })

    // A row deep in the batch, as a scroll to the bottom asks for it.
    const deep = await core.handlers['batch.cells']({
      batchId: created.batchId,
      after: { promptIndex: 9_995, ord: -1 },
      limit: 1000,
    })
    expect(deep.cells.map((c) => c.promptIndex)).toEqual(
      Array.from({ length: 50 }, (_, i) => 9_995 + Math.floor(i / 10)),
    )
    expect(deep.next).toBeNull()
    expect(new Set(deep.cells.map((c) => c.styleId)).size).toBe(10)

    // Every cell is there exactly once, in grid order.
    readDb(r.home, (db) => {
      const n = db.prepare('SELECT COUNT(*) AS n, MAX(ord) AS top FROM cells WHERE batch_id = ?').get(created.batchId)
      expect(n).toEqual({ n: 100_000, top: 99_999 })
      const plan = (
        db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT * FROM cells WHERE batch_id = ? AND (prompt_index, ord) > (?, ?)
               ORDER BY prompt_index, ord LIMIT ?`,
          )
          .all(created.batchId, 5000, -1, 500) as { detail: string }[]
      ).map((p) => p.detail)
      // An index range, with no scan of the table and no sort.
      expect(plan.join(' | ')).toMatch(
        /SEARCH cells USING INDEX cells_batch_position \(batch_id=\? AND \(prompt_index,ord\)>\(\?,\?\)\)/,
      )
      expect(plan.join(' | ')).not.toMatch(/SCAN|TEMP B-TREE/)
    })
  }, 240_000)

  it('is never runnable or listed half-written; a failure removes it and a crash part-way is cleaned at the next start', async () => {
    const t = tempHome('big-batch-crash')
    cleanups.push(t.cleanup)
    const db = openDatabase(t.home)
    const small = matrix(['crash a', 'crash b', 'crash c'])
    // A creation that stops after its first slice forever: as far as the database knows, the process died there.
    let slices = 0
    let stuck = (): void => {}
    const hung = createBatchInSlices(
      db,
      { batchId: 'half', name: 'half', matrix: LARGEST, total: 100_000, at: 1, random: Math.random },
      () => {
        slices++
        return new Promise<void>((resolve) => (stuck = resolve))
      },
    )
    // The creation yields a few turns of its own before its first slice (the fingerprint, the batch row).
    for (let turns = 0; turns < 100 && slices === 0; turns++) await new Promise((resolve) => setImmediate(resolve))
    expect(slices).toBe(1)
    const half = db.prepare('SELECT creating, status FROM batches WHERE id = ?').get('half')
    expect(half).toEqual({ creating: 1, status: 'paused' })
    const partial = (db.prepare("SELECT COUNT(*) AS n FROM cells WHERE batch_id = 'half'").get() as { n: number }).n
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(100_000)
    expect(runnableBatches(db)).toEqual([])

    // A creation whose writes fail part-way takes its half batch with it.
    let failing = 0
    await expect(
      createBatchInSlices(
        db,
        { batchId: 'failing', name: 'failing', matrix: LARGEST, total: 100_000, at: 1, random: Math.random },
        () => (++failing === 2 ? Promise.reject(new Error('disk full')) : Promise.resolve()),
      ),
    ).rejects.toThrow('disk full')
    expect(db.prepare("SELECT COUNT(*) AS n FROM cells WHERE batch_id = 'failing'").get()).toEqual({ n: 0 })
    expect(db.prepare("SELECT COUNT(*) AS n FROM batches WHERE id = 'failing'").get()).toEqual({ n: 0 })
    db.close()
    stuck()
    await hung.catch(() => undefined) // its next slice meets a closed database

    // The next Soul Batch on this library: the half batch is neither listed nor left behind.
    r = await rig('big-batch-crash-reopen', {}, { home: t.home })
    expect(await r.core.handlers['batch.list']({})).toEqual([])
    readDb(t.home, (rdb) => {
      expect(rdb.prepare('SELECT COUNT(*) AS n FROM batches').get()).toEqual({ n: 0 })
      expect(rdb.prepare('SELECT COUNT(*) AS n FROM cells').get()).toEqual({ n: 0 })
    })
    const ok = await r.core.handlers['batch.create']({ matrix: small })
    expect(ok.cells).toBe(6)
  }, 240_000)
})
