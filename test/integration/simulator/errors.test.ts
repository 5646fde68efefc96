import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { MODEL_SLUG } from '@shared/catalog'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index'
import { CONTENT_BLOCK_REASONS, GENERIC_FAILURE_REASONS } from '../../../src/simulator/faults'
import { body, FAST, get, json, KEY, pollToEnd, post, submit } from './sim-http'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

const V2 = `/v2/${MODEL_SLUG}`
const V1 = `/v1/${MODEL_SLUG}`

describe('400: bad bodies name the field', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['missing prompt', { prompt: undefined }, /prompt/i],
    ['prompt not a string', { prompt: 5 }, /prompt/i],
    ['enhance_prompt not boolean', { enhance_prompt: 'yes' }, /enhance_prompt/],
    ['unknown style', { style_id: '464ea177-8d40-4940-8d9d-b438bab269c7' }, /style_id/],
    ['size not in the 13', { width_and_height: '1024x1024' }, /width_and_height/],
    ['quality', { quality: '4k' }, /quality/],
    ['seed zero', { seed: 0 }, /seed/],
    ['seed too big', { seed: 1_000_001 }, /seed/],
    ['seed not integer', { seed: 1.5 }, /seed/],
    ['style_strength above 1', { style_strength: 1.5 }, /style_strength/],
    ['image_url not a string', { image_url: 3 }, /image_url/],
  ]
  it.each(cases)('%s', async (_name, over, field) => {
    sim = await startSimulator(FAST)
    for (const path of [V2, V1]) {
      const res = await post(sim.url, path, body(over))
      expect(res.status).toBe(400)
      const b = await json(res)
      expect(String(b.error)).toMatch(field)
    }
    expect(sim.counters.submitsByKey.size).toBe(0)
  })

  it('rejects unparseable JSON with 400', async () => {
    sim = await startSimulator(FAST)
    const res = await post(sim.url, V2, '{"prompt": ')
    expect(res.status).toBe(400)
    expect(String((await json(res)).error)).toMatch(/JSON/)
  })

  it("in 'fail_later' mode accepts the submit, then the job FAILS with the same message", async () => {
    sim = await startSimulator({ ...FAST, invalidBody: 'fail_later' })
    const s = await submit(sim.url, { seed: 0 })
    const end = await pollToEnd(s.status_url)
    expect(end.httpStatus).toBe(422)
    expect(String(end.last.error)).toMatch(/seed/)
    expect(sim.counters.failed).toBe(1)
  })

  it("accepts style ids outside the ten when unknownStyle is 'accept'", async () => {
    sim = await startSimulator({ ...FAST, unknownStyle: 'accept' })
    const s = await submit(sim.url, { style_id: '464ea177-8d40-4940-8d9d-b438bab269c7' })
    expect((await pollToEnd(s.status_url)).last.status).toBe('COMPLETED')
  })
})

describe('401: the key', () => {
  it('tells a missing key from a wrong one, and does not read Authorization: Bearer', async () => {
    sim = await startSimulator(FAST)
    const missing = await post(sim.url, V2, body(), { 'x-api-key': '' })
    expect(missing.status).toBe(401)
    expect(await json(missing)).toEqual({ error: 'Missing Authorization or x-api-key in header' })

    const wrong = await post(sim.url, V2, body(), { 'x-api-key': 'SG_ffffffffffffffff' })
    expect(wrong.status).toBe(401)
    expect(await json(wrong)).toEqual({ error: 'Unauthorized. API key is invalid or may have expired...' })

    const bearer = await get(`${sim.url}/v1/get-user-credits`, { authorization: `Bearer ${KEY}` })
    expect(bearer.status).toBe(401)

    const statusNoKey = await get(`${sim.url}/v2/requests/x/status`, {})
    expect(statusNoKey.status).toBe(401)
    expect(sim.counters.submitsByKey.size).toBe(0)
  })

  it('accepts any SG_ + 16 hex key only when acceptAnyKey is on', async () => {
    sim = await startSimulator({ ...FAST, acceptAnyKey: true })
    expect((await get(`${sim.url}/v1/get-user-credits`, { 'x-api-key': 'SG_0123456789abcdef' })).status).toBe(200)
    expect((await get(`${sim.url}/v1/get-user-credits`, { 'x-api-key': 'SG_0123' })).status).toBe(401)
  })
})

describe('404, 405', () => {
  it('answers an unknown model slug and an unknown path with JSON 404', async () => {
    sim = await startSimulator(FAST)
    const model = await post(sim.url, '/v2/flux-schnell', body())
    expect(model.status).toBe(404)
    expect(model.headers.get('content-type')).toMatch(/application\/json/)
    expect(String((await json(model)).error)).toMatch(/flux-schnell/)
    const path = await get(`${sim.url}/nothing/here`)
    expect(path.status).toBe(404)
    expect(await json(path)).toHaveProperty('error')
  })

  it('answers a wrong verb on a known path with an HTML 405', async () => {
    sim = await startSimulator(FAST)
    for (const [method, path] of [
      ['GET', V2],
      ['GET', V1],
      ['DELETE', '/v2/requests/abc/status'],
      ['PUT', '/v2/requests/abc'],
      ['POST', '/v1/get-user-credits'],
    ] as const) {
      const res = await fetch(`${sim.url}${path}`, { method, headers: { 'x-api-key': KEY } })
      expect(res.status).toBe(405)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      expect(await res.text()).toMatch(/<html>/)
    }
  })
})

describe('406: content type versus credits', () => {
  it('answers "Invalid content type" for a POST without application/json', async () => {
    sim = await startSimulator(FAST)
    const noType = await request(`${sim.url}${V2}`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
      body: JSON.stringify(body()),
    })
    expect(noType.statusCode).toBe(406)
    expect(await noType.body.json()).toEqual({ error: 'Invalid content type' })
    const text = await post(sim.url, V2, body(), { 'content-type': 'text/plain' })
    expect(text.status).toBe(406)
    const withCharset = await post(sim.url, V2, body(), { 'content-type': 'application/json; charset=utf-8' })
    expect(withCharset.status).toBe(200)
  })

  it('answers "Not enough credits" naming balance and price, and bills only COMPLETED jobs', async () => {
    sim = await startSimulator({ ...FAST, credits: 0.5 })
    sim.update({ faults: { failed: 1 } })
    const failed = await submit(sim.url, { prompt: 'will fail' })
    await pollToEnd(failed.status_url)
    expect(sim.settings.credits).toBe(0.5)
    sim.update({ faults: { failed: 0 } })

    for (const prompt of ['one', 'two']) {
      const s = await submit(sim.url, { prompt })
      expect((await pollToEnd(s.status_url)).last.status).toBe('COMPLETED')
    }
    expect(sim.settings.credits).toBeCloseTo(0.065, 6)
    const credits = await json(await get(`${sim.url}/v1/get-user-credits`))
    expect(credits.credits).toBeCloseTo(0.065, 6)

    for (const path of [V2, V1]) {
      const res = await post(sim.url, path, body())
      expect(res.status).toBe(406)
      expect(await json(res)).toEqual({ error: 'Not enough credits. Balance: 0.065, required: 0.2175' })
    }
    expect(sim.counters.completed).toBe(2)
  })
})

describe('422: FAILED jobs', () => {
  it('answers 422 with the FAILED body on both E3 and E4, without cost', async () => {
    sim = await startSimulator({ ...FAST, faults: { failed: 1 } })
    const s = await submit(sim.url)
    const end = await pollToEnd(s.status_url)
    expect(end.httpStatus).toBe(422)
    expect(end.last.status).toBe('FAILED')
    expect(GENERIC_FAILURE_REASONS as readonly string[]).toContain(end.last.error)
    expect(end.last.request_id).toBe(s.request_id)
    const result = await get(s.response_url)
    expect(result.status).toBe(422)
    const b = await json(result)
    expect(b.status).toBe('FAILED')
    expect(b.error).toBe(end.last.error)
    expect(b.metrics).not.toHaveProperty('cost')
    expect(b.metrics).not.toHaveProperty('remaining_credits')
    expect(b).not.toHaveProperty('output')
    expect(sim.counters.failed).toBe(1)
    expect(sim.settings.credits).toBe(1000)
  })

  it('gives content blocks a policy reason, and varies the reasons', async () => {
    sim = await startSimulator({ ...FAST, faults: { contentBlocked: 1 } })
    const jobs = await Promise.all(Array.from({ length: 8 }, (_, i) => submit(sim!.url, { prompt: `p${i}` })))
    const reasons = new Set<string>()
    for (const j of jobs) {
      const end = await pollToEnd(j.status_url)
      expect(end.httpStatus).toBe(422)
      reasons.add(String(end.last.error))
    }
    for (const r of reasons) expect(CONTENT_BLOCK_REASONS as readonly string[]).toContain(r)
    expect(reasons.size).toBeGreaterThan(1)
  })

  it('answers a failed v1 generation with a JSON 500', async () => {
    sim = await startSimulator({ ...FAST, faults: { failed: 1 } })
    const res = await post(sim.url, V1, body())
    expect(res.status).toBe(500)
    expect(GENERIC_FAILURE_REASONS as readonly string[]).toContain((await json(res)).error)
  })
})
