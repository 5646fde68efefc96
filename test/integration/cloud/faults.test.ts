import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSegmindClient } from '../../../src/main/cloud/client'
import { KEY, PARAMS, caught, runToResult, startHarness, tick, type Harness } from './sim-harness'

describe('injected faults become the right error kinds', () => {
  let h: Harness
  beforeAll(async () => {
    // A short timeout so a held GET gives up quickly; the held request proves the kind, not the duration.
    h = await startHarness({}, { timeoutMs: 300 })
  })
  afterAll(async () => h.stop())
  afterEach(() => {
    h.sim.update({
      faults: {
        get5xx: 0,
        getReset: 0,
        getTimeout: 0,
        corruptImage: 0,
        truncatedImage: 0,
        imageReset: 0,
        slowImageSeconds: 0,
      },
    })
  })

  it('get5xx: status and result answer 500/502/504 -> server, retryable', async () => {
    const submitted = await h.client.submit(PARAMS)
    h.sim.update({ faults: { get5xx: 1 } })
    const seen = new Set<number>()
    for (let i = 0; i < 12; i++) {
      const e = await caught(() =>
        i % 2 ? h.client.result(submitted.responseUrl) : h.client.status(submitted.statusUrl),
      )
      expect(e).toMatchObject({ kind: 'server', retryable: true, requestId: submitted.requestId })
      expect(e.jobCreated).toBeUndefined()
      seen.add(e.status!)
    }
    for (const s of seen) expect([500, 502, 504]).toContain(s)
    expect(h.calls.slice(-12).every((c) => c.status !== null && c.status >= 500)).toBe(true)
  })

  it('getReset: the connection drops -> network, retryable, observer sees status null', async () => {
    const submitted = await h.client.submit(PARAMS)
    h.sim.update({ faults: { getReset: 1 } })
    const e = await caught(() => h.client.status(submitted.statusUrl))
    expect(e).toMatchObject({ kind: 'network', retryable: true })
    expect(h.calls.at(-1)).toEqual({ endpoint: 'status', status: null })
  })

  it('getTimeout: the server holds the poll -> timeout, retryable', async () => {
    const submitted = await h.client.submit(PARAMS)
    h.sim.update({ faults: { getTimeout: 1 } })
    const e = await caught(() => h.client.result(submitted.responseUrl))
    expect(e).toMatchObject({ kind: 'timeout', retryable: true })
    expect(e.detail).toMatch(/UND_ERR_HEADERS_TIMEOUT/)
  })

  it('a cancelled poll is "cancelled", whether the signal fires before or during the call', async () => {
    const submitted = await h.client.submit(PARAMS)
    const already = AbortSignal.abort()
    const callsBefore = h.calls.length
    expect(await caught(() => h.client.submit(PARAMS, { signal: already }))).toMatchObject({
      kind: 'cancelled',
      jobCreated: 'no',
    })
    expect(h.calls.length).toBe(callsBefore)

    h.sim.update({ faults: { getTimeout: 1 } })
    const controller = new AbortController()
    const pending = caught(() => h.client.status(submitted.statusUrl, { signal: controller.signal }))
    await tick(20)
    controller.abort()
    expect(await pending).toMatchObject({ kind: 'cancelled', retryable: false })
  })

  describe('image download faults', () => {
    let outputUrl: string
    beforeAll(async () => {
      outputUrl = (await runToResult(h.client)).result.outputUrl!
    })

    it('corruptImage: bytes that are no image -> download, retryable', async () => {
      h.sim.update({ faults: { corruptImage: 1 } })
      const e = await caught(() => h.client.download(outputUrl))
      expect(e).toMatchObject({ kind: 'download', retryable: true, status: 200 })
      expect(e.message).toMatch(/not a JPEG, PNG or WebP/)
    })

    it('truncatedImage: a body shorter than its Content-Length -> download, retryable', async () => {
      h.sim.update({ faults: { truncatedImage: 1 } })
      expect(await caught(() => h.client.download(outputUrl))).toMatchObject({ kind: 'download', retryable: true })
    })

    it('imageReset: the connection drops -> download, retryable', async () => {
      h.sim.update({ faults: { imageReset: 1 } })
      expect(await caught(() => h.client.download(outputUrl))).toMatchObject({ kind: 'download', retryable: true })
    })

    it('slowImageSeconds: a trickling body still arrives whole', async () => {
      h.sim.update({ faults: { slowImageSeconds: 10 } })
      const image = await h.client.download(outputUrl)
      expect(image.mime).toBe('image/jpeg')
    })

    it('an image larger than maxImageBytes is refused, not retryable', async () => {
      const small = createSegmindClient({ apiKey: KEY, baseUrl: h.sim.url, maxImageBytes: 64 })
      try {
        expect(await caught(() => small.download(outputUrl))).toMatchObject({ kind: 'download', retryable: false })
      } finally {
        await small.close()
      }
    })

    it('an unknown image path -> download, not retryable', async () => {
      const e = await caught(() => h.client.download(`${h.sim.url}/images/doesnotexist.jpeg`))
      expect(e).toMatchObject({ kind: 'download', status: 404, retryable: false })
    })
  })

  it('a server that is not there -> network, jobCreated no (nothing was sent)', async () => {
    const port = Number(new URL(h.sim.url).port)
    const gone = createSegmindClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}` })
    await h.sim.stop()
    try {
      expect(await caught(() => gone.submit(PARAMS))).toMatchObject({
        kind: 'network',
        jobCreated: 'no',
        retryable: true,
      })
      expect(await caught(() => gone.credits())).toMatchObject({ kind: 'network', retryable: true })
    } finally {
      await gone.close()
    }
  })
})
