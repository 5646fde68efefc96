/**
 * What the client puts on the wire and how it treats answers the simulator never gives: checked against a
 * scripted loopback server that records every request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { APP_VERSION } from '@shared/version'
import { createSegmindClient } from '../../../src/main/cloud/client'
import type { RequestObserver, SegmindApi } from '../../../src/main/cloud/types'
import { PARAMS, caught } from './sim-harness'
import { json, startScriptedServer, type ScriptedServer } from './scripted-server'

const KEY = 'SG_0a1b2c3d4e5f6071'
const ID = '2c7f59ea-13f1-402c-9353-915a2b5a2124'

describe('the wire protocol', () => {
  let api: ScriptedServer
  let other: ScriptedServer
  let client: SegmindApi
  const observed: Parameters<RequestObserver>[0][] = []

  beforeAll(async () => {
    other = await startScriptedServer((_req, res) => json(res, 200, { status: 'COMPLETED' }))
    api = await startScriptedServer(() => undefined)
    // The base carries the SDK-style /v1 suffix and a trailing slash: both are tolerated.
    client = createSegmindClient({ apiKey: KEY, baseUrl: `${api.url}/v1/`, onRequest: (e) => observed.push(e) })
  })
  afterAll(async () => {
    await client.close()
    await api.close()
    await other.close()
  })
  beforeEach(() => {
    api.seen.length = 0
    other.seen.length = 0
    observed.length = 0
  })

  const submitBody = (base: string): Record<string, string> => ({
    request_id: ID,
    status: 'QUEUED',
    status_url: `${base}/v2/requests/${ID}/status`,
    response_url: `${base}/v2/requests/${ID}`,
  })

  it('submit is POST /v2/{model} with the key, JSON content type, JSON accept and our User-Agent', async () => {
    api.script = (_req, res) =>
      json(res, 200, submitBody(api.url), { 'x-rate-limit-remaining': '49', 'x-rate-limit-reset-at-utc': '1735689660' })
    const s = await client.submit(PARAMS)
    expect(s.rate).toEqual({ remaining: 49, resetAt: 1_735_689_660_000 })
    const req = api.seen[0]!
    expect(req.method).toBe('POST')
    expect(req.path).toBe('/v2/higgsfield-text2image-soul')
    expect(req.headers['x-api-key']).toBe(KEY)
    expect(req.headers['content-type']).toBe('application/json')
    expect(req.headers.accept).toBe('application/json')
    expect(req.headers['user-agent']).toBe(`SoulBatch/${APP_VERSION} (+electron)`)
    expect(req.headers.authorization).toBeUndefined()
    // A flat body, no `params` wrapper (docs/segmind-api.md §2).
    expect(JSON.parse(req.body)).toEqual(PARAMS)
    expect(observed).toHaveLength(1)
    expect(observed[0]).toMatchObject({ endpoint: 'submit', status: 200 })
    expect(observed[0]!.ms).toBeGreaterThanOrEqual(0)
  })

  it('status and result GET exactly the URLs the server returned, even unusual ones', async () => {
    api.script = (req, res) =>
      json(
        res,
        200,
        req.path.includes('odd-status')
          ? { status: 'PROCESSING' }
          : { status: 'COMPLETED', output: 'https://images.example/x.png' },
      )
    await client.status(`${api.url}/odd-status/path?token=abc`)
    await client.result(`${api.url}/somewhere/else/${ID}`)
    expect(api.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /odd-status/path?token=abc',
      `GET /somewhere/else/${ID}`,
    ])
    expect(api.seen.every((r) => r.headers['x-api-key'] === KEY && r.headers['content-type'] === undefined)).toBe(true)
  })

  it('refuses to follow a status URL on another host, so the key never goes there', async () => {
    const e = await caught(() => client.status(`${other.url}/v2/requests/${ID}/status`))
    expect(e.kind).toBe('bad_response')
    expect(other.seen).toHaveLength(0)
    expect(observed).toHaveLength(0)
  })

  it('runSync is POST /v1/{model}; credits is GET /v1/get-user-credits', async () => {
    api.script = (req, res) => json(res, 200, { credits: '4.5', 'free-credits': '0.5' })
    expect(await client.credits()).toEqual({ credits: 4.5, freeCredits: 0.5 })
    expect(api.seen[0]).toMatchObject({ method: 'GET', path: '/v1/get-user-credits' })
    api.script = (_req, res) => json(res, 500, { error: 'Internal Server Error' })
    await caught(() => client.runSync(PARAMS))
    expect(api.seen[1]).toMatchObject({ method: 'POST', path: '/v1/higgsfield-text2image-soul' })
  })

  it.each([
    ['a 2xx submit body without status_url', 200, { request_id: ID, response_url: 'https://x/y' }],
    ['a 2xx submit body that is not JSON', 200, 'OK'],
    ['a redirect', 302, ''],
  ])('%s: bad_response, and a job may exist', async (_label, status, body) => {
    api.script = (_req, res) =>
      typeof body === 'string'
        ? (res.writeHead(status, { 'content-type': 'text/plain' }), res.end(body))
        : json(res, status, body)
    expect(await caught(() => client.submit(PARAMS))).toMatchObject({ kind: 'bad_response', jobCreated: 'maybe' })
  })

  it.each([
    [403, { error: 'Model not allowed for this team' }, 'forbidden'],
    [406, { error: 'Team spend limit reached' }, 'spend_limit'],
    [406, { error: 'Invalid content type' }, 'content_type'],
    [410, { error: 'Model has been retired' }, 'retired'],
    [422, { error: 'Validation Error: seed must be <= 1000000' }, 'validation'],
    [503, { error: 'Service Unavailable' }, 'server'],
  ] as const)('%i %j on submit -> %s', async (status, body, kind) => {
    api.script = (_req, res) => json(res, status, body)
    const e = await caught(() => client.submit(PARAMS))
    expect(e).toMatchObject({ kind, status })
    expect(e.jobCreated).toBe(status >= 500 ? 'maybe' : 'no')
  })

  it('a 200 sync answer that is not an image: bad_response, and the job was billed (jobCreated yes)', async () => {
    api.script = (_req, res) => json(res, 200, { status: 'COMPLETED', output: 'https://images.example/x.jpeg' })
    expect(await caught(() => client.runSync(PARAMS))).toMatchObject({
      kind: 'bad_response',
      jobCreated: 'yes',
      retryable: false,
    })
  })

  it('a 422 with a non-JSON body on status is still a FAILED answer', async () => {
    api.script = (_req, res) => {
      res.writeHead(422, { 'content-type': 'text/plain' })
      res.end('NSFW content detected')
    }
    expect(await client.status(`${api.url}/v2/requests/${ID}/status`)).toMatchObject({
      status: 'FAILED',
      error: 'NSFW content detected',
      contentBlocked: true,
    })
  })

  it('an oversized JSON answer is refused as bad_response', async () => {
    api.script = (_req, res) => json(res, 200, { status: 'QUEUED', padding: 'x'.repeat(3 * 1024 * 1024) })
    expect(await caught(() => client.status(`${api.url}/v2/requests/${ID}/status`))).toMatchObject({
      kind: 'bad_response',
    })
  })

  it('an observer that throws does not break the call', async () => {
    const loud = createSegmindClient({
      apiKey: KEY,
      baseUrl: api.url,
      onRequest: () => {
        throw new Error('observer bug')
      },
    })
    api.script = (_req, res) => json(res, 200, { credits: 1 })
    try {
      expect((await loud.credits()).credits).toBe(1)
    } finally {
      await loud.close()
    }
  })

  it('a closed client refuses calls with a typed error', async () => {
    const c = createSegmindClient({ apiKey: KEY, baseUrl: api.url })
    await c.close()
    const e = await caught(() => c.submit(PARAMS))
    expect(e).toMatchObject({ kind: 'internal', jobCreated: 'no' })
  })

  it('bad options fail at once with a clear validation error', () => {
    for (const baseUrl of ['', 'api.segmind.com', 'ftp://api.segmind.com', 'https://user:pw@api.segmind.com']) {
      expect(() => createSegmindClient({ apiKey: KEY, baseUrl })).toThrow(AppError)
    }
    expect(() => createSegmindClient({ apiKey: KEY, baseUrl: api.url, timeoutMs: 0 })).toThrow(/timeoutMs/)
  })
})
