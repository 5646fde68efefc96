import { afterEach, describe, expect, it } from 'vitest'
import { matrix, rig, simKey, STYLE_A, type Rig } from './helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('failures the user must see (real simulator, real SQLite)', () => {
  it('422 FAILED is final with its reason; retry with a new seed generates again', async () => {
    r = await rig('failed', { faults: { failed: 1 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['fails once'], [STYLE_A]) })
    await r.core.waitForIdle()
    const failed = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    expect(failed.state).toBe('failed')
    expect(failed.error).toMatchObject({ kind: 'failed' })
    expect(failed.error?.message).toMatch(/failed on Segmind/)
    expect(failed.error?.detail).toBeTruthy()
    expect((await r.core.handlers['batch.get']({ batchId })).batch.status).toBe('done')

    r.sim.update({ faults: { failed: 0 } })
    await r.core.handlers['cell.retry']({ cellId: failed.id, newSeed: true })
    await r.core.waitForIdle()
    const again = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    expect(again.state).toBe('saved')
    expect(again.params.seed).not.toBe(failed.params.seed)
    expect(again.attempts).toBe(2)
    expect(again.image?.seed).toBe(again.params.seed)
    expect(r.sim.counters.submitsByKey.get(simKey(failed.params))).toBe(1)
    expect(r.sim.counters.submitsByKey.get(simKey(again.params))).toBe(1)
  })

  it('a content block is failed with kind content_blocked', async () => {
    r = await rig('blocked', { faults: { contentBlocked: 1 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['blocked'], [STYLE_A]) })
    await r.core.waitForIdle()
    expect((await r.core.handlers['batch.get']({ batchId })).cells[0]).toMatchObject({
      state: 'failed',
      error: { kind: 'content_blocked' },
    })
  })

  it('404s on a known request well before retention -> vanished, not "expired after an hour"; a resubmit needs the word', async () => {
    // The simulator forgets jobs after 5 model seconds; Segmind keeps them an hour: 404s persist for minutes.
    r = await rig('vanished', { ttlSeconds: 5 })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['vanishes'], [STYLE_A]) })
    await r.core.waitForIdle()
    const cell = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    expect(cell.state).toBe('expired')
    expect(cell.error?.kind).toBe('vanished')
    expect(cell.error?.message).toMatch(/lost this job/)
    expect(cell.error?.message).toMatch(/first submit was billed/)
    expect(cell.error?.message).not.toMatch(/one hour/)

    r.sim.update({ ttlSeconds: 3600 })
    // Neither retry path pays again without the user's explicit word.
    await expect(
      Promise.resolve().then(() => r!.core.handlers['cell.retry']({ cellId: cell.id, newSeed: false })),
    ).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringMatching(/first submit was billed.*confirm/),
    })
    expect(await r.core.handlers['batch.retryFailed']({ batchId })).toEqual({ requeued: 0 })
    expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)

    await r.core.handlers['batch.retryFailed']({ batchId, confirmRebill: true })
    await r.core.waitForIdle()
    expect((await r.core.handlers['batch.get']({ batchId })).cells[0]!.state).toBe('saved')
    expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(2)
  })

  it('406 credits pauses the whole queue with a clear message; cells go back to pending; resume continues', async () => {
    r = await rig('credits', { credits: 0.5 }, { settings: { rpm: 6000, concurrency: 1 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['credit a', 'credit b', 'credit c']) })
    await r.core.waitForIdle()
    const q = await r.core.handlers['queue.status']({})
    expect(q.paused).toBe(true)
    expect(q.reason?.kind).toBe('credits')
    expect(q.reason?.message).toMatch(/credits/i)
    const mid = await r.core.handlers['batch.get']({ batchId })
    expect(mid.batch.counts.saved).toBe(2)
    expect(mid.batch.counts.pending).toBe(4)
    expect(mid.cells.some((c) => c.state === 'unknown' || c.state === 'failed')).toBe(false)
    expect((await r.core.handlers['credits.check']({})).credits).toBeCloseTo(0.065, 3)

    r.sim.update({ credits: 100 })
    await r.core.handlers['queue.resume']({})
    await r.core.waitForIdle()
    expect((await r.core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ saved: 6 })
  })

  it('a submit that may have created a job (5xx after the job) becomes unknown and is never re-sent on its own', async () => {
    r = await rig('maybe', { faults: { submit5xxAfter: 1 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['maybe billed'], [STYLE_A]) })
    await r.core.waitForIdle()
    const cell = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    expect(cell.state).toBe('unknown')
    expect(cell.error?.message).toMatch(/may have created/)
    expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)
    r.sim.update({ faults: { submit5xxAfter: 0 } })
    await r.core.handlers['cell.retry']({ cellId: cell.id, newSeed: false })
    await r.core.waitForIdle()
    expect((await r.core.handlers['batch.get']({ batchId })).cells[0]!.state).toBe('saved')
    expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(2)
  })

  it('429s: no job was created, so the submit is re-sent after the reset; each key is submitted once', async () => {
    const seen: number[] = []
    r = await rig(
      'rate',
      { faults: { burst429: 0.25 }, seed: 11 },
      { settings: { rpm: 600, concurrency: 4 }, onRequest: (e) => seen.push(e.status ?? 0) },
    )
    const { batchId } = await r.core.handlers['batch.create']({
      matrix: matrix(['rate a', 'rate b', 'rate c', 'rate d']),
    })
    await r.core.waitForIdle()
    const d = await r.core.handlers['batch.get']({ batchId })
    expect(d.batch.counts).toEqual({ saved: 8 })
    expect(seen.filter((s) => s === 429).length).toBeGreaterThan(0)
    expect(r.sim.counters.rateLimited).toBe(seen.filter((s) => s === 429).length)
    for (const c of d.cells) expect(r.sim.counters.submitsByKey.get(simKey(c.params))).toBe(1)
  })

  it('a server rate limit below ours: the client waits out each window and never pays twice', async () => {
    r = await rig('rate-window', { rpm: 3 }, { settings: { rpm: 100, concurrency: 4 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['window a', 'window b']) })
    await r.core.waitForIdle()
    const d = await r.core.handlers['batch.get']({ batchId })
    expect(d.batch.counts).toEqual({ saved: 4 })
    for (const c of d.cells) expect(r.sim.counters.submitsByKey.get(simKey(c.params))).toBe(1)
  })

  it('a wrong key pauses the queue with an auth reason and sends nothing more', async () => {
    r = await rig('auth', {}, { apiKey: 'SG_ffffffffffffffff' })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['auth a', 'auth b']) })
    await r.core.waitForIdle()
    const q = await r.core.handlers['queue.status']({})
    expect(q.reason?.kind).toBe('auth')
    expect(q.reason?.message).not.toMatch(/SG_f/)
    expect((await r.core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ pending: 4 })
    const sent = r.sim.counters.requests.submit
    expect(sent).toBeLessThanOrEqual(4) // the first tick's submits, all answered 401
    await new Promise((res) => setTimeout(res, 100))
    expect(r.sim.counters.requests.submit + r.sim.counters.requests.status).toBe(sent)
  })

  it('retrying a cell that is not retryable is refused with a clear message', async () => {
    r = await rig('bad-retry', {}, { autoStart: false })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['not yet'], [STYLE_A]) })
    const cell = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    await expect(
      Promise.resolve().then(() => r!.core.handlers['cell.retry']({ cellId: cell.id, newSeed: false })),
    ).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringMatching(/pending/),
    })
    await expect(
      Promise.resolve().then(() => r!.core.handlers['cell.retry']({ cellId: 'nope', newSeed: false })),
    ).rejects.toMatchObject({ kind: 'not_found' })
  })
})
