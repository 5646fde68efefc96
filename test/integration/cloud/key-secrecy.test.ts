/**
 * The API key must never appear in an error: not in the message, the detail, the JSON that crosses IPC, nor the
 * stack. A hostile server echoes the key back in every answer, and every error kind the client can throw is
 * provoked, once with a Segmind-shaped key and once with a key no pattern would catch (only exact redaction does).
 */
import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError, type AppErrorKind } from '@shared/errors'
import { createSegmindClient } from '../../../src/main/cloud/client'
import type { SegmindApi } from '../../../src/main/cloud/types'
import { PARAMS, caught } from './sim-harness'
import { json, startScriptedServer, type ScriptedServer, type SeenRequest } from './scripted-server'

const KEYS = ['SG_5ec7e75ec7e75ec7', 'zebra-secret-7741-key']
const ID = '11111111-2222-4333-8444-555555555555'

type Case = {
  kind: AppErrorKind
  script: (key: string, req: SeenRequest, res: ServerResponse) => void
  call: (c: SegmindApi, base: string) => Promise<unknown>
}

const submit = (c: SegmindApi): Promise<unknown> => c.submit(PARAMS)
const poll = (c: SegmindApi, base: string): Promise<unknown> => c.status(`${base}/v2/requests/${ID}/status`)
const echo = (status: number, words: string) => (key: string, _req: SeenRequest, res: ServerResponse) =>
  json(res, status, { error: `${words} (you sent x-api-key: ${key})`, key, message: key }, { 'x-echo-key': key })

const CASES: Case[] = [
  { kind: 'validation', script: echo(400, 'Prompt is Mandatory'), call: submit },
  { kind: 'auth', script: echo(401, 'Unauthorized. API key is invalid'), call: submit },
  { kind: 'forbidden', script: echo(403, 'Model not allowed'), call: submit },
  { kind: 'unknown_model', script: echo(404, 'Model not found'), call: submit },
  { kind: 'expired', script: echo(404, 'Request not found'), call: poll },
  {
    kind: 'method',
    script: (key, _req, res) => {
      res.writeHead(405, { 'content-type': 'text/html' })
      res.end(`<html><body>405 Not Allowed for ${key}</body></html>`)
    },
    call: submit,
  },
  { kind: 'credits', script: echo(406, 'Not enough credits'), call: submit },
  { kind: 'content_type', script: echo(406, 'Invalid content type'), call: submit },
  { kind: 'spend_limit', script: echo(406, 'Team spend limit reached'), call: submit },
  { kind: 'retired', script: echo(410, 'Model retired'), call: submit },
  { kind: 'rate_limited', script: (key, req, res) => echo(429, 'rate_limit_exceeded')(key, req, res), call: submit },
  { kind: 'server', script: echo(500, 'Internal Server Error'), call: submit },
  {
    kind: 'bad_response',
    script: (key, _req, res) => json(res, 200, { request_id: key, status_url: key }),
    call: submit,
  },
  {
    kind: 'download',
    script: (key, _req, res) => (res.writeHead(200, { 'content-type': 'image/jpeg' }), res.end(`not an image ${key}`)),
    call: (c, base) => c.download(`${base}/img.jpg`),
  },
  { kind: 'network', script: (_key, req, res) => res.socket?.destroy(), call: submit },
  { kind: 'timeout', script: () => undefined, call: submit },
]

function expectNoKey(e: AppError, key: string): void {
  for (const text of [JSON.stringify(e), e.stack ?? '', e.message, String(e), e.detail ?? ''])
    expect(text).not.toContain(key)
}

describe.each(KEYS)('no error carries the key (%s)', (key) => {
  let server: ScriptedServer
  let client: SegmindApi

  beforeAll(async () => {
    server = await startScriptedServer(() => undefined)
    client = createSegmindClient({ apiKey: key, baseUrl: server.url, timeoutMs: 300 })
  })
  afterAll(async () => {
    await client.close()
    await server.close()
  })

  it.each(CASES)('$kind', async ({ kind, script, call }) => {
    server.script = (req, res) => script(key, req, res)
    const e = await call(client, server.url).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).kind).toBe(kind)
    expectNoKey(e as AppError, key)
  })

  it('cancelled, even when the abort reason holds the key', async () => {
    server.script = () => undefined
    const controller = new AbortController()
    const pending = client.submit(PARAMS, { signal: controller.signal }).catch((err: unknown) => err)
    controller.abort(new Error(`stopped by user of ${key}`))
    const e = (await pending) as AppError
    expect(e.kind).toBe('cancelled')
    expectNoKey(e, key)
  })

  it('internal, from a closed client', async () => {
    const closed = createSegmindClient({ apiKey: key, baseUrl: server.url })
    await closed.close()
    const e = await caught(() => closed.credits())
    expect(e.kind).toBe('internal')
    expectNoKey(e, key)
  })

  it('network with nothing listening', async () => {
    const nowhere = createSegmindClient({ apiKey: key, baseUrl: 'http://127.0.0.1:9' })
    try {
      const e = await caught(() => nowhere.submit(PARAMS))
      expect(e.kind).toBe('network')
      expect(e.jobCreated).toBe('no')
      expectNoKey(e, key)
    } finally {
      await nowhere.close()
    }
  })

  it('FAILED answers (422) do not carry the key in their reason either', async () => {
    server.script = (req, res) => json(res, 422, { status: 'FAILED', error: `content policy violation for ${key}` })
    const answer = await client.status(`${server.url}/v2/requests/${ID}/status`)
    expect(answer).toMatchObject({ status: 'FAILED', contentBlocked: true })
    expect(JSON.stringify(answer)).not.toContain(key)
    server.script = (req, res) => json(res, 200, { status: 'FAILED', error: `upstream failed for ${key}` })
    const ok200 = await client.result(`${server.url}/v2/requests/${ID}`)
    expect(JSON.stringify(ok200)).not.toContain(key)
  })
})
