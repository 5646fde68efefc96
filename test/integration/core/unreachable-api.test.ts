import { afterEach, describe, expect, it } from 'vitest'
import { MAX_UNREACHABLE_SUBMITS } from '../../../src/main/scheduler/classify'
import { matrix, rig, simKey, type Rig } from './helpers'

/**
 * Issue 7 item 2: outages are waited out, never turned into losses. The outage is the simulator closing its
 * listening socket and dropping its connections (sim.goOffline), then listening again on the same port. Nobody
 * calls queue.resume in these tests: the queue must go on by itself.
 */
let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await new Promise((res) => setTimeout(res, 20))
  }
}

describe('an API host that cannot be reached', () => {
  it('holds new submits with "API unreachable since HH:MM — retrying", then goes on by itself when the host is back', async () => {
    const concurrency = 2
    r = await rig('unreachable', {}, { settings: { rpm: 60_000, concurrency }, autoStart: false })
    await r.sim.goOffline()
    const core = r.core
    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['unreachable a', 'unreachable b']) })
    core.start()
    await until('the queue holds for the outage', async () => {
      return (await core.handlers['queue.status']({})).reason?.kind === 'network'
    })
    const q = await core.handlers['queue.status']({})
    expect(q.reason?.message).toMatch(
      /^API unreachable since \d\d:\d\d — retrying\. 127\.0\.0\.1:\d+: connection refused\./,
    )
    expect(q.reason?.since).toBeTypeOf('number')
    // one strike per round of submits: it holds, and it holds soon
    expect(q.requests.submit).toBeGreaterThanOrEqual(MAX_UNREACHABLE_SUBMITS)
    expect(q.requests.submit).toBeLessThanOrEqual(MAX_UNREACHABLE_SUBMITS * concurrency)
    expect(q.requests.status).toBe(0)
    // Refused before connecting: nothing can be billed, so every cell simply waits to be sent (none is unknown).
    const mid = await core.handlers['batch.get']({ batchId })
    expect(mid.batch.counts).toEqual({ pending: 4 })
    expect(r.sim.counters.requests.submit).toBe(0)
    // Held, the queue is still busy: waiting for it does not end while the host is away.
    let idle = false
    void core.waitForIdle().then(() => (idle = true))
    await new Promise((res) => setTimeout(res, 200))
    expect(idle).toBe(false)
    expect((await core.handlers['queue.status']({})).requests.submit).toBe(q.requests.submit)

    await r.sim.goOnline()
    await core.waitForIdle()
    const done = await core.handlers['batch.get']({ batchId })
    expect(done.batch.counts).toEqual({ saved: 4 })
    for (const cell of done.cells) expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)
    const after = await core.handlers['queue.status']({})
    expect(after.paused).toBe(false)
    expect(after.reason).toBeNull()
  })

  it('an outage mid-run: jobs in flight are polled through it, nothing expires, all saved once, no click', async () => {
    let failedPolls = 0
    r = await rig(
      'outage-mid-run',
      // A 40 s job takes 200 ms here, so the outage below outlasts several jobs.
      { timeScale: 0.005, latencyJitterSeconds: 0 },
      {
        settings: { rpm: 60_000, concurrency: 2 },
        onRequest: (e) => {
          if ((e.endpoint === 'status' || e.endpoint === 'result') && e.status === null) failedPolls++
        },
      },
    )
    const sim = r.sim
    const { batchId } = await r.core.handlers['batch.create']({
      matrix: matrix(['mid-run a', 'mid-run b', 'mid-run c']),
    })
    await until('two jobs are on the server', () => sim.counters.submitsByKey.size >= 2)
    await sim.goOffline()
    await until('polls have failed through the outage', () => failedPolls >= 4)
    await new Promise((res) => setTimeout(res, 600))
    await sim.goOnline()
    await r.core.waitForIdle()
    const done = await r.core.handlers['batch.get']({ batchId })
    expect(done.batch.counts).toEqual({ saved: 6 })
    for (const cell of done.cells) expect(sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)
    expect(sim.counters.requests.submit).toBe(6)
    expect((await r.core.handlers['queue.status']({})).reason).toBeNull()
  })
})
