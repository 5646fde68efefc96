import { afterEach, describe, expect, it } from 'vitest'
import { MAX_GET_FAILURES } from '../../../src/main/scheduler/operations'
import { matrix, rig, simKey, STYLE_A, type Rig } from '../core/helpers'

/**
 * Polls through an outage keep going (capped backoff) for as long as Segmind keeps the job — one hour after
 * submit, here time-scaled — and only then does the cell expire, with a reason that says so. It is never sent twice.
 */
let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('an outage that outlasts the job', () => {
  it('polls past the old give-up count, then expires the cell once the job is forgotten', async () => {
    let failedPolls = 0
    r = await rig(
      'outage-retention',
      // 1 h is 1.8 s of real time at this scale; the status endpoint never answers.
      { timeScale: 0.0005, faults: { getReset: 1 } },
      {
        settings: { rpm: 60_000, concurrency: 1 },
        onRequest: (e) => {
          if (e.endpoint === 'status' && e.status === null) failedPolls++
        },
      },
    )
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['long outage'], [STYLE_A]) })
    await r.core.waitForIdle()
    const cell = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    expect(failedPolls).toBeGreaterThan(MAX_GET_FAILURES)
    expect(cell.state).toBe('expired')
    expect(cell.error?.message).toMatch(/could not be reached before it forgot this job/)
    expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)
  })
})
