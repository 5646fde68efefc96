import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_BLOCK_REASONS, GENERIC_FAILURE_REASONS } from '../../../src/simulator/faults'
import { PARAMS, pollUntilDone, runToResult, startHarness, type Harness } from './sim-harness'

describe('every [U] variant the simulator can speak', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness({ workers: 16 })
  })
  afterAll(async () => h.stop())

  it.each(['url', 'json_string', 'array', 'images', 'object'] as const)(
    'resultVariant %s: the image URL is found and downloads',
    async (variant) => {
      h.sim.update({ resultVariant: variant })
      // json_string alternates between an array and an object per job: two jobs see both.
      for (const seed of [1, 2]) {
        const { result } = await runToResult(h.client, { ...PARAMS, seed })
        expect(result.status).toBe('COMPLETED')
        expect(result.outputUrl).toMatch(new RegExp(`^${h.sim.url}/images/`))
        const image = await h.client.download(result.outputUrl!)
        expect(image.mime).toBe('image/jpeg')
      }
    },
  )

  it.each([
    ['png', 'image/png', 'png'],
    ['webp', 'image/webp', 'webp'],
  ] as const)('imageFormat %s is recognised by its bytes', async (format, mime, ext) => {
    h.sim.update({ resultVariant: 'url', imageFormat: format })
    const { result } = await runToResult(h.client)
    const image = await h.client.download(result.outputUrl!)
    expect(image).toMatchObject({ mime, ext })
    expect((await sharp(image.bytes).metadata()).format).toBe(format)
    h.sim.update({ imageFormat: 'jpeg' })
  })

  it('works without metrics in any body', async () => {
    h.sim.update({ includeMetrics: false })
    const { status, result } = await runToResult(h.client)
    expect(status.metrics).toEqual({})
    expect(result.outputUrl).toBeTruthy()
    expect(result.metrics.cost).toBeUndefined()
    h.sim.update({ includeMetrics: true })
  })

  it('resultBeforeDone 404: an early result call reads as expired (the scheduler only asks after COMPLETED)', async () => {
    h.sim.update({ resultBeforeDone: '404' })
    const submitted = await h.client.submit(PARAMS)
    await expect(h.client.result(submitted.responseUrl)).rejects.toMatchObject({ kind: 'expired' })
    await pollUntilDone(h.client, submitted)
    expect((await h.client.result(submitted.responseUrl)).outputUrl).toBeTruthy()
    h.sim.update({ resultBeforeDone: 'status_body' })
  })

  it('FAILED (422) on status and result is an answer, not an error, with the reason', async () => {
    h.sim.update({ faults: { failed: 1 } })
    const submitted = await h.client.submit(PARAMS)
    const status = await pollUntilDone(h.client, submitted)
    expect(status.status).toBe('FAILED')
    expect(GENERIC_FAILURE_REASONS as readonly string[]).toContain(status.error)
    expect(status.contentBlocked).toBe(false)
    const result = await h.client.result(submitted.responseUrl)
    expect(result).toMatchObject({ status: 'FAILED', error: status.error, contentBlocked: false })
    expect(result.metrics.cost).toBeUndefined()
    h.sim.update({ faults: { failed: 0 } })
  })

  it('content-blocked reasons are flagged, for every reason text the simulator uses', async () => {
    h.sim.update({ faults: { contentBlocked: 1 } })
    const seen = new Set<string>()
    for (let seed = 1; seed <= 24 && seen.size < CONTENT_BLOCK_REASONS.length; seed++) {
      const submitted = await h.client.submit({ ...PARAMS, seed })
      const status = await pollUntilDone(h.client, submitted)
      expect(status.status).toBe('FAILED')
      expect(status.contentBlocked).toBe(true)
      const result = await h.client.result(submitted.responseUrl)
      expect(result.contentBlocked).toBe(true)
      seen.add(status.error!)
    }
    expect(seen.size).toBeGreaterThan(1)
    h.sim.update({ faults: { contentBlocked: 0 } })
  })

  it('runSync without the seed header still returns the image', async () => {
    h.sim.update({ sendSeedHeader: false })
    const sync = await h.client.runSync(PARAMS)
    expect(sync.mime).toBe('image/jpeg')
    expect(sync.seed).toBeUndefined()
    expect(sync.cost).toBeCloseTo(0.2175)
    h.sim.update({ sendSeedHeader: true })
  })

  it('runSync of a job that fails in the model surfaces as a 500 server error with jobCreated maybe', async () => {
    h.sim.update({ faults: { failed: 1 } })
    await expect(h.client.runSync(PARAMS)).rejects.toMatchObject({ kind: 'server', status: 500, jobCreated: 'maybe' })
    h.sim.update({ faults: { failed: 0 } })
  })
})
