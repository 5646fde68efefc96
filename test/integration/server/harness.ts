import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { SOUL_STYLES } from '@shared/catalog/styles'
import type { MatrixInput } from '@shared/domain'
import type { CoreOptions, Core } from '../../../src/main/core-types'
import { createCore } from '../../../src/main/core'
import { startServer, type RunningServer, type ServerOptions } from '../../../src/main/server/server'

export const TOKEN = 'test-token-0123456789abcdefghij'
/** Fast demo mode: jobs take milliseconds and images are a few dozen pixels. */
export const FAST_DEMO = { timeScale: 0.005, imageScale: 0.05 }

export interface Harness {
  core: Core
  server: RunningServer
  /** http://127.0.0.1:PORT */
  base: string
  home: string
  root: string
  /** A Cookie header value for this server's session. */
  cookie: string
  close(): Promise<void>
}

/** A real core in a temp library plus a real server on 127.0.0.1 serving a tiny built renderer. */
export async function startHarness(
  opts: { core?: Partial<CoreOptions>; server?: Partial<ServerOptions> } = {},
): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'soul-server-'))
  const home = join(root, 'home')
  const rendererDir = join(root, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Soul Batch</title><script type="module" src="/assets/app.js"></script>',
  )
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {}')
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}')
  writeFileSync(join(root, 'outside.txt'), 'outside the renderer')
  const core = await createCore({ home, demo: FAST_DEMO, ...opts.core })
  const server = await startServer({ core, rendererDir, token: TOKEN, ...opts.server })
  const base = `http://127.0.0.1:${server.port}`
  const harness: Harness = {
    core,
    server,
    base,
    home,
    root,
    cookie: `soul_batch_${server.port}=${TOKEN}`,
    async close() {
      // A test may have swapped in a restarted server; close whichever is current.
      await harness.server.close()
      await core.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
  return harness
}

export interface RawAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  text: string
}

/** Plain node:http, because fetch will not let a test forge Host or Origin. */
export function raw(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawAnswer> {
  const url = new URL(path, base)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path: path,
        method: init.method ?? 'GET',
        headers: { host: url.host, ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (init.body !== undefined) req.write(init.body)
    req.end()
  })
}

/** POST /api/call/<name> with the session cookie (unless headers say otherwise). */
export async function call(
  h: Harness,
  name: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawAnswer & { json: unknown }> {
  const answer = await raw(h.base, `/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: h.cookie, ...headers },
    body: JSON.stringify(input),
  })
  let json: unknown = null
  try {
    json = JSON.parse(answer.text)
  } catch {
    // left null: the caller asserts on it
  }
  return { ...answer, json }
}

/** Opens /api/events and resolves when open, or rejects with the refusal's HTTP status. */
export function openEvents(base: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/events`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

export const SMALL_MATRIX: MatrixInput = {
  prompts: [{ prompt: 'a lighthouse at dawn' }, { prompt: 'a fox in snow' }],
  styleIds: [SOUL_STYLES[0]!.id],
  width_and_height: '1536x2048',
}
