import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core'
import { MAX_UNREACHABLE_SUBMITS } from '../../../src/main/scheduler/classify'
import { startSimulator } from '../../../src/simulator'
import { FAST_DEMO, matrix, SIM_KEY, tempHome } from './helpers'

let core: Core | null = null
let cleanup: (() => void) | null = null
afterEach(async () => {
  await core?.close()
  core = null
  cleanup?.()
  cleanup = null
})

describe('an API host that cannot be reached', () => {
  it('pauses the whole queue with the host and the cause after a few rounds, so waitForIdle ends; resume tries again', async () => {
    // A port that was just listening and is now closed: every connection is refused.
    const gone = await startSimulator({ ...FAST_DEMO, apiKeys: [SIM_KEY] })
    const baseUrl = gone.url
    await gone.stop()
    const t = tempHome('unreachable')
    cleanup = t.cleanup
    const concurrency = 2
    core = await createCore({
      home: t.home,
      apiKey: SIM_KEY,
      baseUrl,
      timeScale: FAST_DEMO.timeScale,
      settings: { rpm: 6000, concurrency },
    })
    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['unreachable a', 'unreachable b']) })

    await core.waitForIdle()
    const q = await core.handlers['queue.status']({})
    expect(q.paused).toBe(true)
    expect(q.reason?.kind).toBe('network')
    expect(q.reason?.message).toBe(
      `Can't reach the Segmind API at ${new URL(baseUrl).host} (connection refused). Check your network or SEGMIND_BASE_URL, then resume.`,
    )
    // one strike per round of submits, each round after the backoff: it stops, and it stops soon
    expect(q.requests.submit).toBeGreaterThanOrEqual(MAX_UNREACHABLE_SUBMITS)
    expect(q.requests.submit).toBeLessThanOrEqual(MAX_UNREACHABLE_SUBMITS * concurrency)
    expect(q.requests.status).toBe(0)
    // nothing reached a server, so nothing may be billed: every cell simply waits to be sent
    const mid = await core.handlers['batch.get']({ batchId })
    expect(mid.batch.counts).toEqual({ pending: 4 })
    const tried = mid.cells.filter((c) => c.error !== null)
    expect(tried.length).toBeGreaterThan(0)
    for (const c of tried)
      expect(c.error).toMatchObject({ kind: 'network', message: expect.stringMatching(/no connection/) })

    const resumed = await core.handlers['queue.resume']({})
    expect(resumed.paused).toBe(false)
    await core.waitForIdle()
    const again = await core.handlers['queue.status']({})
    // resume cleared the count: a full set of new rounds was tried before pausing again
    expect(again.requests.submit).toBeGreaterThanOrEqual(q.requests.submit + MAX_UNREACHABLE_SUBMITS)
    expect(again.reason?.kind).toBe('network')
    expect((await core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ pending: 4 })
  })
})
