import { request } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SoulParams } from '@shared/domain/params'
import { classifyHttpError } from '../../../src/main/cloud/classify'
import { createSegmindClient } from '../../../src/main/cloud/client'
import { KEY, PARAMS, caught, startHarness, tick, type Harness } from './sim-harness'

describe('HTTP error answers of the simulator, through the real client', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => h.stop())
  afterEach(() => {
    h.sim.update({
      credits: 1000,
      rpm: 0,
      ttlSeconds: 3600,
      invalidBody: 'reject',
      faults: { submit5xxBefore: 0, submit5xxAfter: 0 },
    })
  })

  it('400: a style the server does not know is a validation error; no job was created', async () => {
    h.sim.resetCounters()
    const e = await caught(() =>
      h.client.submit({ ...PARAMS, style_id: '464ea177-8d40-4940-8d9d-b438bab269c7' } as SoulParams),
    )
    expect(e).toMatchObject({ kind: 'validation', status: 400, jobCreated: 'no', retryable: false })
    expect(e.detail).toMatch(/style/i)
    expect(e.message).toContain(e.detail!)
    expect(h.sim.counters.submitsByKey.size).toBe(0)
  })

  it('invalid body in fail_later mode: the submit succeeds and the job ends FAILED with the reason', async () => {
    h.sim.update({ invalidBody: 'fail_later' })
    const submitted = await h.client.submit({ ...PARAMS, style_strength: 7 })
    let answer = await h.client.status(submitted.statusUrl)
    for (let i = 0; i < 500 && answer.status !== 'FAILED'; i++) {
      await tick()
      answer = await h.client.status(submitted.statusUrl)
    }
    expect(answer.status).toBe('FAILED')
    expect(answer.error).toMatch(/style_strength/)
    expect(answer.contentBlocked).toBe(false)
    const result = await h.client.result(submitted.responseUrl)
    expect(result).toMatchObject({ status: 'FAILED', contentBlocked: false })
    expect(result.outputUrl).toBeUndefined()
  })

  it('401 without a key: auth, telling the user no key was sent', async () => {
    const client = createSegmindClient({ apiKey: '', baseUrl: h.sim.url })
    try {
      const e = await caught(() => client.submit(PARAMS))
      expect(e).toMatchObject({ kind: 'auth', status: 401, jobCreated: 'no' })
      expect(e.message).toMatch(/No Segmind API key was sent/)
    } finally {
      await client.close()
    }
  })

  it('401 with a wrong key: auth, telling the user the key was rejected, on every endpoint', async () => {
    const client = createSegmindClient({ apiKey: 'SG_ffffffffffffffff', baseUrl: h.sim.url })
    try {
      const submitted = await h.client.submit(PARAMS)
      for (const call of [
        () => client.submit(PARAMS),
        () => client.status(submitted.statusUrl),
        () => client.result(submitted.responseUrl),
        () => client.credits(),
        () => client.runSync(PARAMS),
      ]) {
        const e = await caught(call)
        expect(e.kind).toBe('auth')
        expect(e.status).toBe(401)
        expect(e.message).toMatch(/rejected the API key/)
      }
    } finally {
      await client.close()
    }
  })

  it('404 on submit for an unknown model slug: unknown_model', async () => {
    const client = createSegmindClient({ apiKey: KEY, baseUrl: h.sim.url, model: 'no-such-model' })
    try {
      expect(await caught(() => client.submit(PARAMS))).toMatchObject({
        kind: 'unknown_model',
        status: 404,
        jobCreated: 'no',
      })
      expect(await caught(() => client.runSync(PARAMS))).toMatchObject({
        kind: 'unknown_model',
        status: 404,
        jobCreated: 'no',
      })
    } finally {
      await client.close()
    }
  })

  it('404 on a request past its retention: expired, with the request id', async () => {
    h.sim.update({ ttlSeconds: 5 })
    const submitted = await h.client.submit(PARAMS)
    let e: Awaited<ReturnType<typeof caught>> | undefined
    for (let i = 0; i < 500 && !e; i++) {
      try {
        await h.client.status(submitted.statusUrl)
        await tick()
      } catch (err) {
        e = err as typeof e
      }
    }
    expect(e).toMatchObject({ kind: 'expired', status: 404, requestId: submitted.requestId, retryable: false })
    expect(await caught(() => h.client.result(submitted.responseUrl))).toMatchObject({ kind: 'expired', status: 404 })
  })

  it('405 (HTML body): method, without any HTML in the error', async () => {
    const e = await caught(() => h.client.status(`${h.sim.url}/v2/higgsfield-text2image-soul`))
    expect(e).toMatchObject({ kind: 'method', status: 405, retryable: false })
    expect(e.detail).toBeUndefined()
    expect(JSON.stringify(e)).not.toMatch(/<|nginx/)
  })

  it('406 when the balance is below the cost: credits, on v2 and v1, and no job is created', async () => {
    h.sim.update({ credits: 0.1 })
    h.sim.resetCounters()
    const e = await caught(() => h.client.submit(PARAMS))
    expect(e).toMatchObject({ kind: 'credits', status: 406, jobCreated: 'no', retryable: false })
    expect(e.detail).toMatch(/Not enough credits/)
    expect(await caught(() => h.client.runSync(PARAMS))).toMatchObject({ kind: 'credits', status: 406 })
    expect(h.sim.counters.submitsByKey.size).toBe(0)
    expect((await h.client.credits()).credits).toBeCloseTo(0.1)
  })

  it('406 for a non-JSON content type: content_type (the client always sends JSON, so undici sends this one)', async () => {
    const res = await request(`${h.sim.url}/v2/higgsfield-text2image-soul`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'text/plain' },
      body: JSON.stringify(PARAMS),
    })
    const bodyText = await res.body.text()
    expect(res.statusCode).toBe(406)
    const e = classifyHttpError({
      endpoint: 'submit',
      status: res.statusCode,
      bodyText,
      headers: res.headers,
      secrets: [KEY],
      now: Date.now(),
    })
    expect(e).toMatchObject({ kind: 'content_type', status: 406, jobCreated: 'no' })
  })

  it('the client itself sends JSON with its User-Agent, so it never meets that 406', async () => {
    const submitted = await h.client.submit(PARAMS)
    expect(submitted.requestId).toBeTruthy()
  })

  it('429 past the rpm budget: rate_limited, retryable, with resetAt from x-rate-limit-reset-at-utc', async () => {
    // A window long enough (in scaled time) that the second call lands in the first one's window.
    h.sim.update({ rpm: 1, rateWindowSeconds: 60_000 })
    const first = await h.client.submit(PARAMS)
    expect(first.rate.remaining).toBe(0)
    expect(first.rate.resetAt).toBeGreaterThan(0)
    const e = await caught(() => h.client.submit(PARAMS))
    expect(e).toMatchObject({ kind: 'rate_limited', status: 429, retryable: true, jobCreated: 'no' })
    expect(e.resetAt).toBe(first.rate.resetAt)
    const poll = await caught(() => h.client.status(first.statusUrl))
    expect(poll).toMatchObject({ kind: 'rate_limited', resetAt: first.rate.resetAt })
    h.sim.update({ rateWindowSeconds: 60 })
  })

  it('5xx on submit before or after the job exists: server, retryable, jobCreated maybe either way', async () => {
    h.sim.update({ faults: { submit5xxBefore: 1 } })
    h.sim.resetCounters()
    const before = await caught(() => h.client.submit(PARAMS))
    expect(before).toMatchObject({ kind: 'server', retryable: true, jobCreated: 'maybe' })
    expect(h.sim.counters.submitsByKey.size).toBe(0)

    h.sim.update({ faults: { submit5xxBefore: 0, submit5xxAfter: 1 } })
    const after = await caught(() => h.client.submit(PARAMS))
    expect(after).toMatchObject({ kind: 'server', retryable: true, jobCreated: 'maybe' })
    expect([500, 502]).toContain(after.status)
    // The server did create (and will bill) that job: this is why "maybe" must not be re-sent blindly.
    expect(h.sim.counters.submitsByKey.size).toBe(1)
  })
})
