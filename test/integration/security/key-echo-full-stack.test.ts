/**
 * Security review: the API key must never reach the library (database, WAL, log file, images), the page (call
 * answers and the event socket) — even when the "Segmind" at SEGMIND_BASE_URL echoes it back in every way it can.
 *
 * A live-mode core (a key, a base URL) runs against a scripted server over loopback, under the real browser-mode
 * server, and each case drives one cell through one hostile answer. Two keys: one Segmind-shaped (the SG_ pattern
 * would catch it wherever redaction runs) and one no pattern knows (only exact redaction can catch it).
 *
 * The "escaped" cases send the key inside a JSON string with one character written as a \uXXXX escape, which is
 * valid JSON for the very same string. The client scrubs the raw body text *before* JSON.parse
 * (src/main/cloud/client.ts readJson), so the escaped form slips past the scrub and JSON.parse turns it back into
 * the key: it then lands in a cell's error detail (src/main/cloud/parse.ts statusCore 'unknown status') or its
 * request_id, i.e. in the database, in batch.get answers and in the event stream.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { SOUL_STYLES } from '@shared/catalog/styles'
import { createCore } from '../../../src/main/core'
import type { Core } from '../../../src/main/core-types'
import { startServer, type RunningServer } from '../../../src/main/server/server'
import { json, startScriptedServer, type ScriptedServer, type SeenRequest } from '../cloud/scripted-server'
import { TOKEN, raw } from '../server/harness'

const KEYS = ['SG_5ec7e75ec7e75ec7', 'zebra-secret-7741-key']
const ID = '11111111-2222-4333-8444-555555555555'

/** The key as a JSON string literal whose first character is a \u escape: JSON.parse gives back the key itself. */
function escapedJsonString(key: string): string {
  const first = key.charCodeAt(0).toString(16).padStart(4, '0')
  return `"\\u${first}${key.slice(1)}"`
}

function rawJson(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

type Script = (key: string, base: string, req: SeenRequest, res: ServerResponse) => void

const submitted = (base: string, res: ServerResponse): void =>
  json(res, 200, {
    request_id: ID,
    status_url: `${base}/v2/requests/${ID}/status`,
    response_url: `${base}/v2/requests/${ID}`,
  })

const onSubmitThenStatus =
  (status: (key: string, res: ServerResponse) => void): Script =>
  (key, base, req, res) =>
    req.method === 'POST' ? submitted(base, res) : status(key, res)

interface Case {
  name: string
  script: Script
}

const echoBody = (key: string, words: string) => ({
  error: `${words} (you sent x-api-key: ${key})`,
  message: key,
  key,
})

/** Literal echoes: the existing redaction is expected to hold. */
const LITERAL: Case[] = [
  { name: '401 on submit', script: (k, _b, _q, res) => json(res, 401, echoBody(k, 'Unauthorized')) },
  { name: '400 on submit', script: (k, _b, _q, res) => json(res, 400, echoBody(k, 'Prompt is Mandatory')) },
  { name: '406 on submit', script: (k, _b, _q, res) => json(res, 406, echoBody(k, 'Not enough credits')) },
  {
    name: '422 FAILED on status',
    script: onSubmitThenStatus((k, res) => json(res, 422, { status: 'FAILED', error: `upstream said ${k}` })),
  },
  {
    name: '200 FAILED on status',
    script: onSubmitThenStatus((k, res) => json(res, 200, { status: 'FAILED', error: { detail: `bad ${k}` } })),
  },
  {
    name: '500 on status',
    script: onSubmitThenStatus((k, res) => json(res, 500, echoBody(k, 'Internal Server Error'))),
  },
  {
    name: 'plain-text 503 on status',
    script: onSubmitThenStatus((k, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' })
      res.end(`overloaded, key ${k}`)
    }),
  },
]

/** The same key, encoded (JSON \u escape, percent-encoding): the same string after decoding, unseen by the pre-parse scrub. */
const ESCAPED: Case[] = [
  {
    name: 'escaped key as the job status',
    script: onSubmitThenStatus((k, res) => rawJson(res, 200, `{"status":${escapedJsonString(k)}}`)),
  },
  {
    name: 'escaped key as the request_id of a submit answer',
    script: (k, base, req, res) =>
      req.method === 'POST'
        ? rawJson(
            res,
            200,
            `{"request_id":${escapedJsonString(k)},"status_url":"${base}/v2/requests/${ID}/status",` +
              `"response_url":"${base}/v2/requests/${ID}"}`,
          )
        : json(res, 422, { status: 'FAILED', error: 'the job failed' }),
  },
  {
    // requestIdFromUrl (src/main/cloud/http.ts) percent-decodes the id out of the status URL after the scrub ran,
    // and classifyHttpError puts it on the error as requestId, which the cell row keeps.
    name: 'percent-encoded key as the request id inside the status URL',
    script: (k, base, req, res) => {
      const encoded = [...k].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')
      if (req.method === 'POST') {
        return json(res, 200, {
          request_id: ID,
          status_url: `${base}/v2/requests/${encoded}/status`,
          response_url: `${base}/v2/requests/${encoded}`,
        })
      }
      return json(res, 500, { error: 'Internal Server Error' })
    },
  },
]

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

interface Stack {
  root: string
  home: string
  core: Core
  server: RunningServer
  base: string
  cookie: string
  frames: string[]
  ws: WebSocket
  close(): Promise<void>
}

/** A live-mode core on the scripted server, under a real browser-mode server with the key as its secret. */
async function startStack(key: string, api: ScriptedServer, label: string): Promise<Stack> {
  const root = mkdtempSync(join(tmpdir(), `soul-review-${label}-`))
  const home = join(root, 'home')
  const rendererDir = join(root, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Soul Batch</title>')
  const core = await createCore({
    home,
    apiKey: key,
    baseUrl: api.url,
    timeScale: 0.01,
    settings: { rpm: 6000, concurrency: 1 },
  })
  const server = await startServer({ core, rendererDir, token: TOKEN, secrets: [key] })
  const base = `http://127.0.0.1:${server.port}`
  const cookie = `soul_batch_${server.port}=${TOKEN}`
  const frames: string[] = []
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: { cookie } })
    s.once('open', () => resolve(s))
    s.once('error', reject)
  })
  ws.on('message', (d) => frames.push(String(d)))
  return {
    root,
    home,
    core,
    server,
    base,
    cookie,
    frames,
    ws,
    async close() {
      ws.close()
      await server.close()
      await core.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

async function post(s: Stack, name: string, input: unknown): Promise<{ text: string; json: unknown }> {
  const r = await raw(s.base, `/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie },
    body: JSON.stringify(input),
  })
  return { text: r.text, json: JSON.parse(r.text) as unknown }
}

interface CellLite {
  state: string
  error: unknown
}

/** Runs one cell until the hostile answer has left its mark (an error on the cell, or a terminal state). */
async function runOneCell(s: Stack): Promise<{ batchId: string; answers: string[] }> {
  const created = await post(s, 'batch.create', {
    name: 'review',
    matrix: {
      prompts: [{ prompt: 'a quiet harbour' }],
      styleIds: [SOUL_STYLES[0]!.id],
      width_and_height: '1536x2048',
    },
  })
  const { batchId } = (created.json as { data: { batchId: string } }).data
  const answers: string[] = []
  let reached = false
  // Waits for a state, not a duration: each round is one call, bounded so a broken run fails instead of hanging.
  for (let round = 0; round < 400; round++) {
    const got = await post(s, 'batch.get', { batchId })
    answers.push(got.text)
    const cell = (got.json as { data: { cells: CellLite[] } }).data.cells[0]
    reached =
      cell !== undefined && (cell.error !== null || ['failed', 'saved', 'unknown', 'expired'].includes(cell.state))
    if (reached) break
    await new Promise((r) => setTimeout(r, 10))
  }
  expect(reached, 'the hostile answer reached the cell').toBe(true)
  await post(s, 'queue.pause', {})
  answers.push((await post(s, 'queue.status', {})).text, (await post(s, 'batch.list', {})).text)
  return { batchId, answers }
}

function expectKeyNowhere(s: Stack, key: string, answers: string[]): void {
  const needle = Buffer.from(key)
  const leaks: string[] = []
  for (const f of filesUnder(s.home)) if (readFileSync(f).includes(needle)) leaks.push(`file ${f.slice(s.home.length)}`)
  answers.forEach((a, i) => a.includes(key) && leaks.push(`call answer #${i}`))
  s.frames.forEach((f, i) => f.includes(key) && leaks.push(`event frame #${i}`))
  expect(leaks, `the key ${key} leaked`).toEqual([])
}

describe.each(KEYS)('key %s echoed by a hostile API never reaches the library or the page', (key) => {
  let api: ScriptedServer
  let stack: Stack | null = null
  let current: Script = () => undefined

  beforeAll(async () => {
    api = await startScriptedServer((req, res) => current(key, api.url, req, res))
  })
  afterEach(async () => {
    await stack?.close()
    stack = null
  })
  afterAll(() => api.close())

  it.each(LITERAL)('literal echo: $name', async ({ script }) => {
    current = script
    stack = await startStack(key, api, 'literal')
    const { answers } = await runOneCell(stack)
    expect(filesUnder(stack.home).some((f) => f.endsWith('soul-batch.log'))).toBe(true)
    expectKeyNowhere(stack, key, answers)
  })

  it.each(ESCAPED)('encoded echo: $name', async ({ script }) => {
    current = script
    stack = await startStack(key, api, 'escaped')
    const { answers } = await runOneCell(stack)
    // The event stream coalesces; let the cell's error reach the socket before reading it.
    const s = stack
    await expect.poll(() => s.frames.some((f) => f.includes('"type":"cell"') && f.includes('"error":{'))).toBe(true)
    expectKeyNowhere(stack, key, answers)
  })
})
