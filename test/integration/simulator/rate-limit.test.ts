import { afterEach, describe, expect, it } from 'vitest'
import { MODEL_SLUG } from '@shared/catalog'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index'
import { body, FAST, get, json, pollToEnd, post, sleep, submit } from './sim-http'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

describe('rate limit (rpm per key, fixed window)', () => {
  it('answers 429 past the limit with a parseable reset time and no Retry-After', async () => {
    // A 60 s window at time scale 1 cannot reset during the test.
    sim = await startSimulator({ ...FAST, timeScale: 1, rpm: 3 })
    const remaining: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await post(sim.url, `/v2/${MODEL_SLUG}`, body({ prompt: `p${i}` }))
      expect(res.status).toBe(200)
      remaining.push(res.headers.get('x-rate-limit-remaining') ?? '')
      expect(res.headers.get('x-rate-limit-reset-at-utc')).toMatch(ISO_UTC)
    }
    expect(remaining).toEqual(['2', '1', '0'])

    const before = Date.now()
    const limited = await post(sim.url, `/v2/${MODEL_SLUG}`, body({ prompt: 'over' }))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBeNull()
    const reset = limited.headers.get('x-rate-limit-reset-at-utc') ?? ''
    expect(reset).toMatch(ISO_UTC)
    const resetAt = Date.parse(reset)
    expect(resetAt).toBeGreaterThan(before)
    expect(resetAt).toBeLessThanOrEqual(before + 60_000)
    const b = await json(limited)
    expect(b.error).toBe('rate_limit_exceeded')
    expect(typeof b.message).toBe('string')
    expect(sim.counters.rateLimited).toBe(1)
    // A refused submit created nothing.
    expect(sim.counters.submitsByKey.has('over|b3c8075a-cb4c-42de-b8b3-7099dd2df672|none')).toBe(false)
  })

  it('lets requests through again once the window has reset', async () => {
    // Window 200 s x 0.005 = 1 s: long enough that the first two requests share it on a slow machine.
    sim = await startSimulator({ ...FAST, rpm: 1, rateWindowSeconds: 200 })
    expect((await get(`${sim.url}/v1/get-user-credits`)).status).toBe(200)
    const limited = await get(`${sim.url}/v1/get-user-credits`)
    expect(limited.status).toBe(429)
    const resetAt = Date.parse(limited.headers.get('x-rate-limit-reset-at-utc') ?? '')
    await sleep(Math.max(0, resetAt - Date.now()) + 50)
    expect((await get(`${sim.url}/v1/get-user-credits`)).status).toBe(200)
  })

  it('counts status/result GETs by default', async () => {
    sim = await startSimulator({ ...FAST, timeScale: 1, rpm: 2 })
    const s = await submit(sim.url)
    expect((await get(s.status_url)).status).toBe(200)
    expect((await get(s.status_url)).status).toBe(429)
  })

  it('with getsCount false, polls neither count nor get limited, but still report the budget', async () => {
    sim = await startSimulator({ ...FAST, rpm: 2, getsCount: false, rateWindowSeconds: 6000 })
    const s = await submit(sim.url)
    const end = await pollToEnd(s.status_url)
    expect(end.last.status).toBe('COMPLETED')
    for (let i = 0; i < 5; i++) {
      const res = await get(s.response_url)
      expect(res.status).toBe(200)
      expect(res.headers.get('x-rate-limit-remaining')).toBe('1')
    }
    expect(sim.counters.rateLimited).toBe(0)
    expect((await post(sim.url, `/v2/${MODEL_SLUG}`, body({ prompt: 'second' }))).status).toBe(200)
    expect((await post(sim.url, `/v2/${MODEL_SLUG}`, body({ prompt: 'third' }))).status).toBe(429)
  })

  it('never counts image downloads', async () => {
    sim = await startSimulator({ ...FAST, rpm: 2, getsCount: false, rateWindowSeconds: 6000 })
    const s = await submit(sim.url)
    await pollToEnd(s.status_url)
    const output = String((await json(await get(s.response_url))).output)
    for (let i = 0; i < 4; i++) expect((await fetch(output)).status).toBe(200)
    expect((await post(sim.url, `/v2/${MODEL_SLUG}`, body({ prompt: 'second' }))).status).toBe(200)
    expect(sim.counters.requests.image).toBe(4)
  })

  it('keeps a separate window per key', async () => {
    sim = await startSimulator({
      ...FAST,
      timeScale: 1,
      rpm: 1,
      apiKeys: ['SG_0000000000000000', 'SG_1111111111111111'],
    })
    expect((await get(`${sim.url}/v1/get-user-credits`)).status).toBe(200)
    expect((await get(`${sim.url}/v1/get-user-credits`)).status).toBe(429)
    expect((await get(`${sim.url}/v1/get-user-credits`, { 'x-api-key': 'SG_1111111111111111' })).status).toBe(200)
  })

  it('burst429 adds 429s to counted requests even without an rpm', async () => {
    sim = await startSimulator({ ...FAST, faults: { burst429: 1 } })
    const res = await post(sim.url, `/v2/${MODEL_SLUG}`, body())
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBeNull()
    expect(res.headers.get('x-rate-limit-reset-at-utc')).toMatch(ISO_UTC)
    expect((await json(res)).error).toBe('rate_limit_exceeded')
    expect(sim.counters.submitsByKey.size).toBe(0)
  })
})
