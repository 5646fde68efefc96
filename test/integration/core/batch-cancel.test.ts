import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { CANCEL_SLICE } from '../../../src/main/batch-cancel-retry'
import { matrix, readDb, rig, type Rig } from './helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

const STYLES = SOUL_STYLES.slice(0, 5).map((s) => s.id)
/** 1 000 prompts x 5 styles: five slices, so the cancel really runs in slices. */
const bigMatrix = () =>
  matrix(
    Array.from({ length: 1000 }, (_, i) => `cancel slices ${i}`),
    STYLES,
  )

/** Runs `action` while another caller keeps asking queue.status; how many answers came while it ran. */
async function whileOthersAsk<T>(
  core: Rig['core'],
  action: () => Promise<T> | T,
): Promise<{ result: T; answered: number }> {
  let answered = 0
  let running = true
  const other = (async () => {
    while (running) {
      await core.handlers['queue.status']({})
      answered++
      await new Promise((res) => setImmediate(res))
    }
  })()
  const result = await action()
  running = false
  await other
  return { result, answered }
}

describe('cancelling a big batch', () => {
  it('cancels every pending cell in slices, answering other calls in between, and nothing of it is sent', async () => {
    expect(5000).toBeGreaterThanOrEqual(5 * CANCEL_SLICE)
    r = await rig('cancel-slices', {}, { autoStart: false })
    const core = r.core
    const { batchId } = await core.handlers['batch.create']({ matrix: bigMatrix() })
    const { result: res, answered } = await whileOthersAsk(core, () => core.handlers['batch.cancel']({ batchId }))
    expect(res).toEqual({ cancelled: 5000, stillOnServer: 0 })
    // Calls were answered between the slices, not only before and after.
    expect(answered).toBeGreaterThan(2)
    const detail = await core.handlers['batch.get']({ batchId })
    expect(detail.batch.status).toBe('cancelled')
    expect(detail.batch.counts).toEqual({ cancelled: 5000 })
    core.start()
    await core.waitForIdle()
    expect(r.sim.counters.requests.submit).toBe(0)
    const states = readDb(r.home, (db) => db.prepare('SELECT DISTINCT state FROM cells').all()) as { state: string }[]
    expect(states.map((s) => s.state)).toEqual(['cancelled'])
  })

  it('"Resume all" on 5 000 cancelled cells requeues them in slices, answering other calls in between', async () => {
    r = await rig('resume-slices', {}, { autoStart: false })
    const core = r.core
    const { batchId } = await core.handlers['batch.create']({ matrix: bigMatrix() })
    await core.handlers['batch.cancel']({ batchId })
    const { result: res, answered } = await whileOthersAsk(core, () => core.handlers['batch.resumeAll']({ batchId }))
    expect(res.requeued).toBe(5000)
    expect(res.batch.status).toBe('active')
    expect(answered).toBeGreaterThan(2)
    expect((await core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ pending: 5000 })
  })

  it('actions on one batch run in the order asked: a Cancel clicked while "Resume all" runs comes after it, a retry after both', async () => {
    r = await rig('resume-then-cancel', {}, { autoStart: false })
    const core = r.core
    const { batchId } = await core.handlers['batch.create']({ matrix: bigMatrix() })
    await core.handlers['batch.cancel']({ batchId })
    // Both asked at once, in this order, as two clicks (or two windows) would.
    const resume = core.handlers['batch.resumeAll']({ batchId })
    const cancel = core.handlers['batch.cancel']({ batchId })
    const retryOne = core.handlers['cell.retry']({
      cellId: readDb(r.home, (db) => (db.prepare('SELECT id FROM cells LIMIT 1').get() as { id: string }).id),
      newSeed: false,
    })
    expect((await resume).requeued).toBe(5000)
    expect(await cancel).toEqual({ cancelled: 5000, stillOnServer: 0 })
    // The single retry came last: that cell alone goes again.
    expect(await retryOne).toEqual({ ok: true })
    const detail = await core.handlers['batch.get']({ batchId })
    expect(detail.batch.status).toBe('active')
    expect(detail.batch.counts).toEqual({ cancelled: 4999, pending: 1 })
  })

  it('a cancel cut short by a crash (batch cancelled, cells still pending) is finished at the next start', async () => {
    r = await rig('cancel-cut', {}, { autoStart: false })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: bigMatrix() })
    await r.core.close()
    // What a crash after the cancel's first step leaves: the batch cancelled, its cells still pending.
    const db = new Database(join(r.home, 'soul-batch.db'))
    db.prepare(`UPDATE batches SET status = 'cancelled' WHERE id = ?`).run(batchId)
    db.close()
    const core = await r.reopen()
    core.start()
    await core.waitForIdle()
    const detail = await core.handlers['batch.get']({ batchId })
    expect(detail.batch.counts).toEqual({ cancelled: 5000 })
    expect(r.sim.counters.requests.submit).toBe(0)
  })
})
