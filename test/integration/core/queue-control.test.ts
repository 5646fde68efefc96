import { afterEach, describe, expect, it } from 'vitest'
import { matrix, nextEvent, readDb, rig, type Rig } from './helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

const prompts = (tag: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${tag} prompt ${i}`)
const savedEvent = (e: { type: string; cell?: { state: string } }): boolean =>
  e.type === 'cell' && e.cell?.state === 'saved'

describe('queue and batch control (real simulator, real SQLite)', () => {
  it('queue pause lets in-flight cells finish and submits nothing new; resume completes the batch', async () => {
    r = await rig('pause', { timeScale: 0.002 }, { settings: { rpm: 6000, concurrency: 2 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(prompts('pause', 10)) })
    await nextEvent(r.core, savedEvent)
    const paused = await r.core.handlers['queue.pause']({})
    expect(paused).toMatchObject({ paused: true, reason: { kind: 'user' } })
    await r.core.waitForIdle()

    const mid = await r.core.handlers['batch.get']({ batchId })
    const pending = mid.cells.filter((c) => c.state === 'pending').length
    const saved = mid.cells.filter((c) => c.state === 'saved').length
    expect(pending).toBeGreaterThan(0)
    expect(saved + pending).toBe(20)
    expect(r.sim.counters.requests.submit).toBe(saved)
    expect((await r.core.handlers['queue.status']({})).inFlight).toBe(0)

    expect(await r.core.handlers['queue.resume']({})).toMatchObject({ paused: false, reason: null })
    await r.core.waitForIdle()
    const done = await r.core.handlers['batch.get']({ batchId })
    expect(done.batch.counts).toEqual({ saved: 20 })
    expect(r.sim.counters.requests.submit).toBe(20)
  })

  it('never has more cells on the server than the concurrency setting', async () => {
    r = await rig('concurrency', { timeScale: 0.003, workers: 2 }, { settings: { rpm: 6000, concurrency: 3 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(prompts('conc', 6)) })
    let max = 0
    const sampler = setInterval(() => {
      void Promise.resolve(r!.core.handlers['queue.status']({})).then((q) => (max = Math.max(max, q.inFlight)))
    }, 3)
    await r.core.waitForIdle()
    clearInterval(sampler)
    expect((await r.core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ saved: 12 })
    expect(max).toBeLessThanOrEqual(3)
    expect(max).toBeGreaterThan(1)
  })

  it('batch pause holds one batch while another runs; batch resume finishes it', async () => {
    r = await rig('batch-pause', {}, { autoStart: false })
    const a = await r.core.handlers['batch.create']({ matrix: matrix(prompts('bp-a', 2)) })
    const b = await r.core.handlers['batch.create']({ matrix: matrix(prompts('bp-b', 2)) })
    expect((await r.core.handlers['batch.pause']({ batchId: a.batchId })).status).toBe('paused')
    r.core.start()
    await r.core.waitForIdle()
    expect((await r.core.handlers['batch.get']({ batchId: b.batchId })).batch).toMatchObject({
      status: 'done',
      counts: { saved: 4 },
    })
    expect((await r.core.handlers['batch.get']({ batchId: a.batchId })).batch).toMatchObject({
      status: 'paused',
      counts: { pending: 4 },
    })
    expect((await r.core.handlers['batch.resume']({ batchId: a.batchId })).status).toBe('active')
    await r.core.waitForIdle()
    expect((await r.core.handlers['batch.get']({ batchId: a.batchId })).batch).toMatchObject({
      status: 'done',
      counts: { saved: 4 },
    })
  })

  it('cancel stops pending cells, still collects cells already on the server, and says how many', async () => {
    r = await rig('cancel', { timeScale: 0.002 }, { settings: { rpm: 6000, concurrency: 2 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(prompts('cancel', 10)) })
    await nextEvent(r.core, savedEvent)
    const res = await r.core.handlers['batch.cancel']({ batchId })
    expect(res.cancelled).toBeGreaterThan(0)
    await r.core.waitForIdle()
    const after = await r.core.handlers['batch.get']({ batchId })
    expect(after.batch.status).toBe('cancelled')
    expect(after.batch.counts.cancelled).toBe(res.cancelled)
    expect(res.stillOnServer).toBeLessThanOrEqual(2)
    expect(after.batch.counts.saved).toBe(20 - res.cancelled)
    // every job that reached the server was collected, none was dropped
    expect(r.sim.counters.requests.submit).toBe(20 - res.cancelled)
    expect(r.sim.counters.completed).toBe(after.batch.counts.saved)
  })

  it('priority first, then round-robin between batches of equal priority', async () => {
    r = await rig('fair', {}, { autoStart: false, settings: { rpm: 6000, concurrency: 1 } })
    const a = await r.core.handlers['batch.create']({ matrix: matrix(prompts('fair-a', 2), undefined) })
    const b = await r.core.handlers['batch.create']({ matrix: matrix(prompts('fair-b', 2)) })
    const c = await r.core.handlers['batch.create']({ matrix: matrix(prompts('fair-c', 1)) })
    await r.core.handlers['batch.setPriority']({ batchId: c.batchId, priority: 10 })
    r.core.start()
    await r.core.waitForIdle()
    const order = readDb(r.home, (db) =>
      (db.prepare('SELECT batch_id FROM cells ORDER BY submitted_at, rowid').all() as { batch_id: string }[]).map(
        (x) => x.batch_id,
      ),
    )
    expect(order.slice(0, 2)).toEqual([c.batchId, c.batchId])
    const rest = order.slice(2)
    expect(rest).toEqual([a.batchId, b.batchId, a.batchId, b.batchId, a.batchId, b.batchId, a.batchId, b.batchId])
  })
})
