import sharp from 'sharp'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { MODEL_SLUG } from '@shared/catalog'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index'
import {
  body,
  bytesOf,
  FAST,
  get,
  isJpeg,
  json,
  pollToEnd,
  post,
  sha256,
  submit,
  waitUntil,
  type Submitted,
} from './sim-http'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

/** A finished job and its image URL, made before any fault is switched on. */
async function finishedJob(): Promise<{ job: Submitted; imageUrl: string }> {
  if (!sim) throw new Error('no simulator')
  const job = await submit(sim.url)
  await pollToEnd(job.status_url)
  const imageUrl = String((await json(await get(job.response_url))).output)
  return { job, imageUrl }
}

describe('submit faults', () => {
  it('submit5xxBefore answers 500 and creates no job', async () => {
    sim = await startSimulator({ ...FAST, faults: { submit5xxBefore: 1 } })
    const res = await post(sim.url, `/v2/${MODEL_SLUG}`, body())
    expect(res.status).toBe(500)
    expect(await json(res)).toHaveProperty('error')
    expect(sim.counters.submitsByKey.size).toBe(0)
    expect(sim.counters.requests.submit).toBe(1)
  })

  it('submit5xxAfter answers 5xx but the job exists, is counted, runs and is billed', async () => {
    sim = await startSimulator({ ...FAST, faults: { submit5xxAfter: 1 } })
    const res = await post(sim.url, `/v2/${MODEL_SLUG}`, body({ seed: 11 }))
    expect([500, 502]).toContain(res.status)
    expect(sim.counters.submitsByKey.get('a fox in snow|b3c8075a-cb4c-42de-b8b3-7099dd2df672|11')).toBe(1)
    await waitUntil(() => sim?.counters.completed === 1)
    expect(sim.settings.credits).toBe(1000 - 0.2175)
  })
})

describe('status/result faults', () => {
  it('get5xx answers 500/502/504 with JSON on E3, E4 and E5', async () => {
    sim = await startSimulator(FAST)
    const { job } = await finishedJob()
    sim.update({ faults: { get5xx: 1 } })
    for (const url of [job.status_url, job.response_url, job.poll_url]) {
      const res = await get(url)
      expect([500, 502, 504]).toContain(res.status)
      expect(await json(res)).toHaveProperty('error')
    }
  })

  it('getReset drops the connection', async () => {
    sim = await startSimulator(FAST)
    const { job } = await finishedJob()
    sim.update({ faults: { getReset: 1 } })
    await expect(get(job.status_url)).rejects.toThrow()
    await expect(get(job.response_url)).rejects.toThrow()
  })

  it('getTimeout holds the request until the client gives up, and the server keeps serving others', async () => {
    sim = await startSimulator(FAST)
    const { job } = await finishedJob()
    sim.update({ faults: { getTimeout: 1 } })
    sim.resetCounters()
    const controller = new AbortController()
    const hanging = fetch(job.status_url, {
      headers: { 'x-api-key': 'SG_0000000000000000' },
      signal: controller.signal,
    })
    const outcome = hanging.then(
      () => 'answered',
      () => 'gave up',
    )
    await waitUntil(() => sim?.counters.requests.status === 1)
    controller.abort()
    expect(await outcome).toBe('gave up')
    sim.update({ faults: { getTimeout: 0 } })
    expect((await get(job.status_url)).status).toBe(200)
  })

  it('stop() returns with a hanging GET open, and the hanging client sees the connection end', async () => {
    sim = await startSimulator({ ...FAST, faults: { getTimeout: 1 } })
    const s = await submit(sim.url)
    const hanging = get(s.status_url)
    await waitUntil(() => sim?.counters.requests.status === 1)
    const stopping = sim.stop()
    sim = undefined
    await stopping
    await expect(hanging).rejects.toThrow()
  }, 10_000)
})

describe('job outcome faults', () => {
  it('failed and contentBlocked at rate 1 end every job FAILED (422)', async () => {
    sim = await startSimulator({ ...FAST, faults: { failed: 1 } })
    expect((await pollToEnd((await submit(sim.url)).status_url)).httpStatus).toBe(422)
    sim.update({ faults: { failed: 0, contentBlocked: 1 } })
    const end = await pollToEnd((await submit(sim.url)).status_url)
    expect(end.httpStatus).toBe(422)
    expect(String(end.last.error)).toMatch(/content|nsfw|moderation/i)
    expect(sim.counters.failed).toBe(2)
    expect(sim.counters.completed).toBe(0)
  })
})

describe('image download faults', () => {
  it('imageReset drops the connection', async () => {
    sim = await startSimulator(FAST)
    const { imageUrl } = await finishedJob()
    sim.update({ faults: { imageReset: 1 } })
    await expect(fetch(imageUrl).then((r) => r.arrayBuffer())).rejects.toThrow()
  })

  it('corruptImage sends bytes that are not an image under an image content type', async () => {
    sim = await startSimulator(FAST)
    const { imageUrl } = await finishedJob()
    sim.update({ faults: { corruptImage: 1 } })
    const res = await fetch(imageUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    const bytes = await bytesOf(res)
    expect(isJpeg(bytes)).toBe(false)
    await expect(sharp(bytes).metadata()).rejects.toThrow()
  })

  it('truncatedImage declares the full length and sends less, then closes', async () => {
    sim = await startSimulator(FAST)
    const { imageUrl } = await finishedJob()
    const fullSize = (await bytesOf(await fetch(imageUrl))).length
    sim.update({ faults: { truncatedImage: 1 } })
    const res = await request(imageUrl)
    expect(Number(res.headers['content-length'])).toBe(fullSize)
    let received = 0
    let failed = false
    try {
      for await (const chunk of res.body) received += (chunk as Buffer).length
    } catch {
      failed = true
    }
    expect(failed).toBe(true)
    expect(received).toBeLessThan(fullSize)
  })

  it('slowImageSeconds trickles the same bytes in several pieces', async () => {
    sim = await startSimulator(FAST)
    const { imageUrl } = await finishedJob()
    const normal = sha256(await bytesOf(await fetch(imageUrl)))
    sim.update({ faults: { slowImageSeconds: 20 } })
    const res = await request(imageUrl)
    const chunks: Buffer[] = []
    for await (const chunk of res.body) chunks.push(chunk as Buffer)
    expect(chunks.length).toBeGreaterThan(1)
    expect(sha256(Buffer.concat(chunks))).toBe(normal)
  })

  it('serves images without a key and 404s unknown ones', async () => {
    sim = await startSimulator(FAST)
    const { imageUrl } = await finishedJob()
    const res = await fetch(imageUrl)
    expect(res.status).toBe(200)
    expect(isJpeg(await bytesOf(res))).toBe(true)
    expect((await fetch(`${sim.url}/images/00000000000000000000000000000000.jpeg`)).status).toBe(404)
  })
})

describe('settings seed', () => {
  it('makes partial fault rates reproducible run to run', async () => {
    const run = async (): Promise<number[]> => {
      const s = await startSimulator({ ...FAST, seed: 1234, faults: { submit5xxBefore: 0.5 } })
      const codes: number[] = []
      for (let i = 0; i < 12; i++)
        codes.push((await post(s.url, `/v2/${MODEL_SLUG}`, body({ prompt: `p${i}` }))).status)
      await s.stop()
      return codes
    }
    const first = await run()
    expect(first).toContain(500)
    expect(first).toContain(200)
    expect(await run()).toEqual(first)
  })
})
