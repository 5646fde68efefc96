/**
 * A server that echoes the key in an encoded form: inside JSON strings as \u escapes (JSON.parse turns them back
 * into the key), as an object key, and percent-encoded in the status URL. The client scrubs after decoding, so no
 * answer or error it returns holds the key or a piece of it cut off at a length limit.
 */
import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSegmindClient } from '../../../src/main/cloud/client'
import type { SegmindApi } from '../../../src/main/cloud/types'
import { PARAMS, caught } from './sim-harness'
import { json, startScriptedServer, type ScriptedServer } from './scripted-server'

const KEYS = ['SG_5ec7e75ec7e75ec7', 'zebra-secret-7741-key']
const ID = '11111111-2222-4333-8444-555555555555'

/** Every character as a \u escape: the same string once parsed, and no substring of the key in the body. */
const escaped = (s: string): string => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')

function rawJson(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(text)
}

describe.each(KEYS)('a key echoed in encoded form (%s)', (key) => {
  let server: ScriptedServer
  let client: SegmindApi
  const statusUrl = (): string => `${server.url}/v2/requests/${ID}/status`
  /** The first six characters: what a length cut would leave of the key. */
  const piece = key.slice(0, 6)

  beforeAll(async () => {
    server = await startScriptedServer(() => undefined)
    client = createSegmindClient({ apiKey: key, baseUrl: server.url, timeoutMs: 2000 })
  })
  afterAll(async () => {
    await client.close()
    await server.close()
  })

  it('is scrubbed from a submit answer, values and object keys alike', async () => {
    server.script = (_req, res) =>
      rawJson(
        res,
        200,
        `{"request_id":"${escaped(key)}","status_url":"${statusUrl()}","response_url":"${server.url}/v2/requests/${ID}",` +
          `"${escaped(key)}":"${escaped(key)}"}`,
      )
    const submitted = await client.submit(PARAMS)
    expect(submitted.requestId).toBe('[redacted]')
    expect(JSON.stringify(submitted)).not.toContain(key)
  })

  it('is scrubbed from an unknown status before it becomes an error detail', async () => {
    server.script = (_req, res) => rawJson(res, 200, `{"status":"${escaped(key)}"}`)
    const e = await caught(() => client.status(statusUrl()))
    expect(e.kind).toBe('bad_response')
    expect(JSON.stringify(e)).not.toContain(piece)
  })

  it('is scrubbed from a FAILED reason before the reason is cut to length', async () => {
    // The key straddles the 1000-character cut of a reason: scrubbing only after the cut would miss the piece.
    const reason = `${'x'.repeat(990)}${escaped(key)}`
    for (const status of [422, 200]) {
      server.script = (_req, res) => rawJson(res, status, `{"status":"FAILED","error":"${reason}"}`)
      const answer = await client.status(statusUrl())
      expect(answer.status, String(status)).toBe('FAILED')
      expect(answer.error, String(status)).not.toContain(piece)
    }
  })

  it('is scrubbed from a request id percent-decoded out of the status URL', async () => {
    const encoded = [...key].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')
    server.script = (_req, res) => json(res, 500, { error: 'Internal Server Error' })
    const e = await caught(() => client.status(`${server.url}/v2/requests/${encoded}/status`))
    expect(e.kind).toBe('server')
    expect(e.requestId).toBe('[redacted]')
  })
})
