import { afterEach, describe, expect, it } from 'vitest'
import { MODEL_SLUG } from '@shared/catalog'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index'
import { FAST, get, json, pollToEnd, sleep, submit } from './sim-http'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('v2 job lifecycle', () => {
  it('submit returns QUEUED with a UUID v4 and absolute URLs on the simulator itself', async () => {
    sim = await startSimulator(FAST)
    const s = await submit(sim.url)
    expect(s.status).toBe('QUEUED')
    expect(s.request_id).toMatch(UUID_V4)
    expect(s.status_url).toBe(`${sim.url}/v2/requests/${s.request_id}/status`)
    expect(s.response_url).toBe(`${sim.url}/v2/requests/${s.request_id}`)
    expect(s.poll_url).toBe(`${sim.url}/v1/requests/${s.request_id}`)
  })

  it('moves QUEUED -> PROCESSING -> COMPLETED, waiting for a free worker, with metrics {} until done', async () => {
    // One worker: the second job must wait in QUEUED while the first one runs (~1 s each).
    sim = await startSimulator({ ...FAST, workers: 1, timeScale: 0.05, latencyMeanSeconds: 20 })
    const first = await submit(sim.url, { prompt: 'first' })
    const second = await submit(sim.url, { prompt: 'second' })
    const firstNow = await json(await get(first.status_url))
    const secondNow = await json(await get(second.status_url))
    expect(firstNow.status).toBe('PROCESSING')
    expect(secondNow).toEqual({
      status: 'QUEUED',
      request_id: second.request_id,
      status_url: second.status_url,
      response_url: second.response_url,
      metrics: {},
    })

    const trail = await pollToEnd(second.status_url)
    expect(trail.seen).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED'])
    expect(trail.httpStatus).toBe(200)
    expect(trail.last.request_id).toBe(second.request_id)
    const metrics = trail.last.metrics as Record<string, number>
    expect(metrics.inference_time).toBeGreaterThan(0)
    expect(sim.counters.completed).toBe(2)
    expect(sim.counters.completedAt.has(first.request_id)).toBe(true)
    expect(sim.counters.completedAt.has(second.request_id)).toBe(true)
  })

  it('never runs more jobs at once than `workers`', async () => {
    sim = await startSimulator({ ...FAST, workers: 2, latencyMeanSeconds: 40 })
    const jobs = await Promise.all([0, 1, 2, 3, 4].map((i) => submit(sim!.url, { prompt: `job ${i}` })))
    let maxProcessing = 0
    while (sim.counters.completed < jobs.length) {
      const statuses = await Promise.all(jobs.map(async (j) => (await json(await get(j.status_url))).status))
      maxProcessing = Math.max(maxProcessing, statuses.filter((s) => s === 'PROCESSING').length)
      await sleep(5)
    }
    expect(maxProcessing).toBeGreaterThan(0)
    expect(maxProcessing).toBeLessThanOrEqual(2)
  })

  it('serves the E3 body on the v1 poll URL (E5) and the full result on E4 once COMPLETED', async () => {
    sim = await startSimulator(FAST)
    const s = await submit(sim.url, { seed: 42 })
    await pollToEnd(s.status_url)
    const v1 = await get(s.poll_url)
    expect(v1.status).toBe(200)
    expect(await json(v1)).toEqual(await json(await get(s.status_url)))
    const result = await json(await get(s.response_url))
    expect(result.status).toBe('COMPLETED')
    expect(result.error).toBeNull()
    expect(result.seed).toBe(42)
    expect(String(result.output)).toMatch(new RegExp(`^${sim.url}/images/[0-9a-f]+\\.jpeg$`))
    const metrics = result.metrics as Record<string, number>
    expect(Object.keys(metrics).sort()).toEqual([
      'cost',
      'inference_time',
      'queue_time',
      'remaining_credits',
      'total_time',
    ])
    expect(metrics.cost).toBe(0.2175)
  })

  it('reports a drawn seed when the request had none', async () => {
    sim = await startSimulator(FAST)
    const s = await submit(sim.url)
    await pollToEnd(s.status_url)
    const result = await json(await get(s.response_url))
    expect(Number.isInteger(result.seed)).toBe(true)
    expect(result.seed as number).toBeGreaterThanOrEqual(1)
    expect(result.seed as number).toBeLessThanOrEqual(1_000_000)
  })

  it('answers E4 before completion with the status body and an empty output, or 404 when configured', async () => {
    sim = await startSimulator({ ...FAST, timeScale: 1 })
    const s = await submit(sim.url)
    const early = await get(s.response_url)
    expect(early.status).toBe(200)
    const b = await json(early)
    expect(['QUEUED', 'PROCESSING']).toContain(b.status)
    expect(b.output).toBe('')
    sim.update({ resultBeforeDone: '404' })
    const missing = await get(s.response_url)
    expect(missing.status).toBe(404)
    expect(await json(missing)).toEqual({ error: `Request ${s.request_id} not found` })
  })

  it('omits metrics everywhere when includeMetrics is false', async () => {
    sim = await startSimulator({ ...FAST, includeMetrics: false })
    const s = await submit(sim.url)
    const running = await json(await get(s.status_url))
    expect(running).not.toHaveProperty('metrics')
    await pollToEnd(s.status_url)
    expect(await json(await get(s.status_url))).not.toHaveProperty('metrics')
    expect(await json(await get(s.response_url))).not.toHaveProperty('metrics')
  })

  it('forgets records after ttl (404 on E3, E4 and E5) while the image URL stays public', async () => {
    sim = await startSimulator({ ...FAST, ttlSeconds: 60, timeScale: 0.005 })
    const s = await submit(sim.url)
    await pollToEnd(s.status_url)
    const output = String((await json(await get(s.response_url))).output)
    // ttl 60 s x 0.005 = 0.3 s after submit.
    await sleep(400)
    for (const url of [s.status_url, s.response_url, s.poll_url]) {
      const res = await get(url)
      expect(res.status).toBe(404)
      expect(await json(res)).toEqual({ error: `Request ${s.request_id} not found` })
    }
    const image = await fetch(output)
    expect(image.status).toBe(200)
  })

  it('answers 404 for a request id it never issued', async () => {
    sim = await startSimulator(FAST)
    const id = '2c7f59ea-13f1-402c-9353-915a2b5a2124'
    for (const path of [`/v2/requests/${id}/status`, `/v2/requests/${id}`, `/v1/requests/${id}`]) {
      const res = await get(`${sim.url}${path}`)
      expect(res.status).toBe(404)
      expect(await json(res)).toEqual({ error: `Request ${id} not found` })
    }
  })

  it('keeps counting submits per prompt|style|seed and resets counters in place', async () => {
    sim = await startSimulator(FAST)
    const counters = sim.counters
    await submit(sim.url, { prompt: 'p', seed: 7 })
    await submit(sim.url, { prompt: 'p', seed: 7 })
    await submit(sim.url, { prompt: 'p' })
    expect(counters.submitsByKey.get('p|b3c8075a-cb4c-42de-b8b3-7099dd2df672|7')).toBe(2)
    expect(counters.submitsByKey.get('p|b3c8075a-cb4c-42de-b8b3-7099dd2df672|none')).toBe(1)
    expect(counters.requests.submit).toBe(3)
    sim.resetCounters()
    expect(sim.counters).toBe(counters)
    expect(counters.submitsByKey.size).toBe(0)
    expect(counters.requests.submit).toBe(0)
  })

  it('uses the model slug from the catalog', async () => {
    sim = await startSimulator(FAST)
    expect(MODEL_SLUG).toBe('higgsfield-text2image-soul')
    const res = await get(`${sim.url}/v1/get-user-credits`)
    expect(await json(res)).toEqual({ credits: 1000, 'free-credits': 0 })
    expect(sim.counters.requests.credits).toBe(1)
  })
})
