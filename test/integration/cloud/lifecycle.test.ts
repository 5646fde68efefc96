import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PARAMS, pollUntilDone, runToResult, startHarness, type Harness } from './sim-harness'

describe('v2 lifecycle against the simulator: submit -> status -> result -> download', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => h.stop())

  it('turns a prompt into JPEG bytes, following the URLs the server returned', async () => {
    const submitted = await h.client.submit(PARAMS)
    expect(submitted.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(submitted.statusUrl).toBe(`${h.sim.url}/v2/requests/${submitted.requestId}/status`)
    expect(submitted.responseUrl).toBe(`${h.sim.url}/v2/requests/${submitted.requestId}`)
    expect(submitted.pollUrl).toBe(`${h.sim.url}/v1/requests/${submitted.requestId}`)

    const first = await h.client.status(submitted.statusUrl)
    expect(['QUEUED', 'PROCESSING', 'COMPLETED']).toContain(first.status)

    const done = await pollUntilDone(h.client, submitted)
    expect(done.status).toBe('COMPLETED')
    expect(done.metrics.inference_time).toBeGreaterThan(0)

    const result = await h.client.result(submitted.responseUrl)
    expect(result.status).toBe('COMPLETED')
    expect(result.outputUrl).toMatch(new RegExp(`^${h.sim.url}/images/\\w+\\.jpeg$`))
    expect(result.seed).toBe(PARAMS.seed)
    expect(result.metrics.cost).toBeCloseTo(0.2175)
    expect(result.metrics.remaining_credits).toBeCloseTo(1000 - 0.2175)

    const image = await h.client.download(result.outputUrl!)
    expect(image.mime).toBe('image/jpeg')
    expect(image.ext).toBe('jpg')
    expect([...image.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    const meta = await sharp(image.bytes).metadata()
    expect(meta.format).toBe('jpeg')
    expect(meta.width).toBeGreaterThan(0)
  })

  it('calls the observer once per HTTP call with the endpoint and status', async () => {
    h.calls.length = 0
    h.sim.resetCounters()
    const { result } = await runToResult(h.client)
    await h.client.download(result.outputUrl!)
    const endpoints = h.calls.map((c) => c.endpoint)
    expect(endpoints[0]).toBe('submit')
    expect(endpoints.filter((e) => e === 'submit')).toHaveLength(1)
    expect(endpoints.filter((e) => e === 'status').length).toBe(h.sim.counters.requests.status)
    expect(h.sim.counters.requests.submit).toBe(1)
    expect(h.sim.counters.requests.image).toBe(1)
    expect(endpoints.slice(-2)).toEqual(['result', 'download'])
    expect(h.calls.every((c) => c.status === 200)).toBe(true)
  })

  it('a result fetched before the job is done answers with the status and no URL', async () => {
    const submitted = await h.client.submit({ ...PARAMS, seed: 7 })
    const early = await h.client.result(submitted.responseUrl)
    expect(['QUEUED', 'PROCESSING']).toContain(early.status)
    expect(early.outputUrl).toBeUndefined()
    await pollUntilDone(h.client, submitted)
  })

  it('reads the credit balance, which the completed jobs lowered', async () => {
    const c = await h.client.credits()
    expect(c.credits).toBeLessThan(1000)
    expect(c.credits).toBeCloseTo(h.sim.settings.credits)
    expect(c.freeCredits).toBe(0)
  })

  it('runSync returns image bytes with the seed, cost and request id from the headers', async () => {
    const sync = await h.client.runSync({ ...PARAMS, seed: 99 })
    expect(sync.mime).toBe('image/jpeg')
    expect((await sharp(sync.bytes).metadata()).format).toBe('jpeg')
    expect(sync.seed).toBe(99)
    expect(sync.cost).toBeCloseTo(0.2175)
    expect(sync.remainingCredits).toBeCloseTo(h.sim.settings.credits)
    expect(sync.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(sync.generationSeconds).toBeGreaterThanOrEqual(0)
  })
})
