import { afterEach, describe, expect, it } from 'vitest'
import { matrix, readDb, rig, type Rig } from '../core/helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

const eightPrompts = (tag: string): string[] => Array.from({ length: 4 }, (_, i) => `${tag} ${i}`)

describe('spend caps (real simulator, real SQLite)', () => {
  it('a batch budget cap pauses the batch before the submit that would pass it, with the reason', async () => {
    // The price setting and what Segmind bills agree, so three images cost exactly the cap.
    r = await rig('cap', { costPerImage: 0.25 }, { settings: { rpm: 6000, concurrency: 4, pricePerImage: 0.25 } })
    const m = matrix(eightPrompts('cap')) // 4 prompts x 2 styles = 8 cells
    const { batchId } = await r.core.handlers['batch.create']({ matrix: m, budgetCap: 0.75 })
    await r.core.waitForIdle()

    const [summary] = await r.core.handlers['batch.list']({})
    expect(summary).toMatchObject({ id: batchId, status: 'paused', budgetCap: 0.75, counts: { saved: 3, pending: 5 } })
    expect(summary!.spend).toBeCloseTo(0.75)
    expect(summary!.pauseReason).toContain('budget cap of $0.75')
    // Never more than three POSTs: jobs on the server count against the cap before they are billed.
    const submits = readDb(r.home, (db) => db.prepare('SELECT SUM(submits) AS n FROM cells').get() as { n: number })
    expect(submits.n).toBe(3)

    // Raising the cap and resuming finishes the batch; the reason is gone.
    await r.core.handlers['batch.setBudgetCap']({ batchId, budgetCap: 5 })
    await r.core.handlers['batch.resume']({ batchId })
    await r.core.waitForIdle()
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.batch).toMatchObject({ status: 'done', counts: { saved: 8 }, pauseReason: null })
    expect(detail.batch.spend).toBeCloseTo(2)
  })

  it('a cap below one image submits nothing at all', async () => {
    r = await rig('cap-zero', {}, { settings: { rpm: 6000, concurrency: 4 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['tiny cap']), budgetCap: 0.1 })
    await r.core.waitForIdle()
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.batch).toMatchObject({ status: 'paused', counts: { pending: 2 } })
    expect(r.sim.counters.requests.submit).toBe(0)
  })

  it('the daily cap in Settings pauses the whole queue with kind spend_limit', async () => {
    r = await rig('daily', { costPerImage: 0.25 }, { settings: { rpm: 6000, concurrency: 1, pricePerImage: 0.25 } })
    await r.core.handlers['settings.update']({ dailyCapUsd: 0.5 })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(eightPrompts('daily')) })
    await r.core.waitForIdle()
    const queue = await r.core.handlers['queue.status']({})
    expect(queue.reason?.kind).toBe('spend_limit')
    expect(queue.reason?.message).toContain('daily spending cap of $0.50')
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.batch.counts.saved).toBe(2)
  })

  it('spend is what Segmind reports in metrics.cost, and the price setting only when it reports none', async () => {
    r = await rig(
      'metrics-cost',
      { costPerImage: 0.3 },
      { settings: { rpm: 6000, concurrency: 4, pricePerImage: 0.2 } },
    )
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['billed a', 'billed b']) })
    await r.core.waitForIdle()
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.batch.counts.saved).toBe(4)
    expect(detail.batch.spend).toBeCloseTo(1.2)
    // The estimate uses the price setting and says so.
    const est = await r.core.handlers['batch.estimate']({ matrix: matrix(['x']) })
    expect(est).toMatchObject({ cost: 0.4, pricePerImage: 0.2, currency: 'USD' })
  })
})
