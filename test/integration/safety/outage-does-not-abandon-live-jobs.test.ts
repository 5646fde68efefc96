import { afterEach, describe, expect, it } from 'vitest'
import { MAX_GET_FAILURES } from '../../../src/main/scheduler/operations'
import { matrix, rig, simKey, STYLE_A, type Rig } from '../core/helpers'

/**
 * REVIEW FINDING: polls of a live, billed job stop for good after MAX_GET_FAILURES (10) consecutive transport
 * failures (operations.ts getFailed -> give_up -> `failed`). With the backoff capped at 60 units, ten failures
 * span only about two to four minutes of real time, while Segmind keeps the job for an hour. A short network blip
 * during an unattended run therefore turns every in-flight job into a terminal `failed` cell that nobody polls:
 * the batch is marked done, the CLI has no command that resumes such cells (only --resend-unknown), and after
 * the hour the images the user paid for are gone. GETs are safe to repeat: a job with a live request id should be
 * polled (with capped backoff) until its retention ends, not abandoned.
 *
 * Here the status endpoint drops every connection for exactly MAX_GET_FAILURES polls, then recovers; the job is
 * still well inside its retention.
 */
let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('review: a short outage on status polls', () => {
  it('does not abandon a job that is still on the server', async () => {
    let failedPolls = 0
    r = await rig(
      'review-outage',
      { faults: { getReset: 1 }, ttlSeconds: 1_000_000 },
      {
        settings: { rpm: 6000, concurrency: 1 },
        onRequest: (e) => {
          if (e.endpoint !== 'status' || e.status !== null) return
          failedPolls++
          if (failedPolls === MAX_GET_FAILURES) r!.sim.update({ faults: { getReset: 0 } }) // the network is back
        },
      },
    )
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['blip'], [STYLE_A]) })
    await r.core.waitForIdle()
    const cell = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    expect(failedPolls).toBe(MAX_GET_FAILURES)
    expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)
    expect(cell.state).toBe('saved')
  })
})
