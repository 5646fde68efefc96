/**
 * Security review of browser mode (src/main/server/): real attacks against a real server with a real demo-mode
 * core. The first block holds the defects found (these fail until fixed); the rest pins down attacks that were
 * tried and held, so a later change cannot quietly undo them.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { TOKEN, call, openEvents, raw, startHarness, type Harness } from '../server/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  const assets = join(h.root, 'renderer', 'assets')
  symlinkSync(join(h.root, 'outside.txt'), join(assets, 'link.txt'))
  symlinkSync(h.root, join(assets, 'dirlink'))
  mkdirSync(join(h.root, 'renderer-evil'), { recursive: true })
  writeFileSync(join(h.root, 'renderer-evil', 'x.js'), 'sibling folder')
})
afterAll(() => h.close())

const post = (headers: Record<string, string>, body = '{}', name = 'app.info') =>
  raw(h.base, `/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })

describe('defects found', () => {
  it('the page needs a session under every spelling of its path, not only "/" and "/index.html"', async () => {
    // server.ts:88 gates the page on the raw pathname, but handleRendererFile (server.ts:186) percent-decodes
    // the path first, so an encoded spelling of index.html skips the session check and is served as a plain file.
    // Outside the run's prefix the page only points there; under it, it needs the session.
    expect((await raw(h.base, '/index.html')).status).toBe(302)
    expect((await raw(h.base, `${h.server.prefix}/index.html`)).status).toBe(401)
    const spellings = ['/%69ndex.html', '/index%2ehtml', '/.%2findex.html', '/assets/..%2findex.html']
    for (const path of [...spellings, ...spellings.map((p) => `${h.server.prefix}${p}`)]) {
      const res = await raw(h.base, path)
      expect(res.status, path).not.toBe(200)
      expect(res.text, path).not.toContain('<title>Soul Batch</title>')
    }
  })

  it('an id of a megabyte is refused as invalid input, not looked up and echoed back whole', async () => {
    // contracts/index.ts:8 (BatchRef) and :80 (cell.retry) put no upper bound on ids; handlers.ts:52 and :162 then
    // copy the whole id into the not_found message, so the answer repeats any amount of caller text.
    const huge = 'x'.repeat(1_000_000)
    for (const [name, input] of [
      ['batch.get', { batchId: huge }],
      ['cell.retry', { cellId: huge }],
    ] as const) {
      const res = await call(h, name, input)
      expect(res.status, name).toBe(400)
      expect(res.json, name).toMatchObject({ ok: false, error: { kind: 'validation' } })
      expect(res.text.length, name).toBeLessThan(10_000)
    }
  })
})

describe('static files: traversal and symlinks (held)', () => {
  it.each([
    '/../outside.txt',
    '/%2e%2e/outside.txt',
    '/%2E%2E%2Foutside.txt',
    '/assets/%2e%2e/%2e%2e/outside.txt',
    '/assets/%252e%252e/%252e%252eoutside.txt',
    '/assets\\..\\..\\outside.txt',
    '/assets/%5c..%5c..%5coutside.txt',
    '/%2e%2e%5c%2e%2e%5coutside.txt',
    '/assets/%c0%ae%c0%ae/outside.txt',
    '/assets/%ef%bc%8e%ef%bc%8e/outside.txt',
    '/..;/outside.txt',
    '/assets/app.js%00.png',
    '/assets/link.txt',
    '/assets/dirlink/outside.txt',
    '/../renderer-evil/x.js',
    '/%2e%2e/renderer-evil/x.js',
    '/assets',
    '/%',
  ])('%s is not served', async (path) => {
    const res = await raw(h.base, path)
    expect(res.status).toBe(404)
    expect(res.text).not.toMatch(/outside the renderer|sibling folder/)
  })
})

describe('Host and Origin (held)', () => {
  it('accepts only 127.0.0.1:PORT and localhost:PORT as Host', async () => {
    const p = h.server.port
    for (const host of [`127.0.0.1:${p}`, `localhost:${p}`, `LOCALHOST:${p}`]) {
      expect((await post({ cookie: h.cookie, host })).status, host).toBe(200)
    }
    for (const host of [
      '127.0.0.1',
      'localhost',
      `localhost.:${p}`,
      `127.0.0.1.:${p}`,
      `[::1]:${p}`,
      `0.0.0.0:${p}`,
      `127.1:${p}`,
      `127.0.0.1:0${p}`,
      `127.0.0.1:${p}@evil.example`,
      `evil.example:${p}`,
      `localhost:${p}.evil.example`,
    ]) {
      expect((await post({ cookie: h.cookie, host })).status, host).toBe(403)
      expect((await raw(h.base, `/?token=${TOKEN}`, { headers: { host } })).status, host).toBe(403)
    }
  })

  it('refuses calls from any other origin, including another port on the same host', async () => {
    const p = h.server.port
    for (const origin of [
      `http://127.0.0.1:${p + 1}`,
      `http://localhost:${p + 1}`,
      `https://127.0.0.1:${p}`,
      `http://127.0.0.1:${p}.evil.example`,
      'null',
      '',
    ]) {
      expect((await post({ cookie: h.cookie, origin })).status, origin).toBe(403)
    }
  })
})

describe('session (held)', () => {
  it('never takes the token from the query string outside the page', async () => {
    const res = await raw(h.base, `/api/call/app.info?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(401)
    expect((await raw(h.base, `/images/x/full?token=${TOKEN}`)).status).toBe(401)
    const refused = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${h.server.port}/api/events?token=${TOKEN}`)
      ws.once('open', () => reject(new Error('opened with the token in the query')))
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.once('error', () => undefined)
    })
    expect(refused).toBe(401)
  })

  it('refuses a cookie that belongs to another port, a duplicated cookie and a token of the wrong length', async () => {
    const p = h.server.port
    for (const cookie of [
      `soul_batch_${p + 1}=${TOKEN}`,
      `soul_batch_${p}=wrong; soul_batch_${p}=${TOKEN}`,
      `soul_batch_${p}=${TOKEN}x`,
      `soul_batch_${p}=${TOKEN.slice(0, -1)}`,
      `soul_batch_${p} =`,
    ]) {
      expect((await post({ cookie })).status, cookie).toBe(401)
    }
  })

  it('guards the event socket with Host, Origin and the session', async () => {
    const p = h.server.port
    await expect(openEvents(h.base, { cookie: `soul_batch_${p + 1}=${TOKEN}` })).rejects.toThrow('refused 401')
    await expect(openEvents(h.base, { cookie: h.cookie, origin: 'null' })).rejects.toThrow('refused 403')
    await expect(openEvents(h.base, { cookie: h.cookie, origin: `http://127.0.0.1:${p + 1}` })).rejects.toThrow(
      'refused 403',
    )
    await expect(openEvents(h.base, { cookie: h.cookie, host: `0.0.0.0:${p}` })).rejects.toThrow('refused 403')
    // No Origin at all is a non-browser client: browsers always send one on a WebSocket, so only the token counts.
    const ws = await openEvents(h.base, { cookie: h.cookie })
    ws.close()
  })
})

describe('call inputs (held)', () => {
  it('turns non-object and malformed bodies into validation errors without a stack', async () => {
    for (const body of [
      '[]',
      '"x"',
      '1',
      'true',
      '{',
      '\u0000',
      '{"a":1}{"b":2}',
      '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
    ]) {
      const res = await post({ cookie: h.cookie }, body)
      expect(res.status, body).toBe(400)
      expect(JSON.parse(res.text), body).toMatchObject({ ok: false, error: { kind: 'validation' } })
      expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d/)
    }
  })

  it('lets no "__proto__" or "constructor" payload pollute prototypes or reach a handler', async () => {
    const payloads: [string, string][] = [
      ['app.info', '{"__proto__":{"polluted":1}}'],
      ['settings.update', '{"rpm":100,"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'],
      [
        'batch.estimate',
        '{"matrix":{"prompts":[{"prompt":"p","__proto__":{"polluted":1}}],"styleIds":[],"width_and_height":"1536x2048","__proto__":{"polluted":1}}}',
      ],
    ]
    for (const [name, body] of payloads) await post({ cookie: h.cookie }, body, name)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    const settings = await call(h, 'settings.get', {})
    expect(Object.keys((settings.json as { data: object }).data).sort()).toEqual(
      [
        'concurrency',
        'getsCountTowardRpm',
        'mode',
        'plan',
        'rpm',
        'confirmAboveUsd',
        'pricePerImage',
        'dailyCapUsd',
        'theme',
      ].sort(),
    )
  })

  it('answers unknown call names, including Object.prototype members, as not_found', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '..%2fapp.info', 'app.info%00']) {
      const res = await post({ cookie: h.cookie }, '{}', name)
      expect(res.status, name).toBe(404)
    }
  })
})

describe('bodies (held)', () => {
  it('refuses a declared oversized body before reading it, and a chunked one as soon as it passes the cap', async () => {
    const small = await startHarness({ server: { maxBodyBytes: 4096 } })
    try {
      const declared = await rawStream(small, { 'content-length': String(100 * 1024 * 1024), cookie: small.cookie }, [
        'x'.repeat(1024),
      ])
      expect(declared).toBe(413)
      const chunked = await rawStream(small, { 'transfer-encoding': 'chunked', cookie: small.cookie }, [
        '{"text":"',
        'y'.repeat(8192),
      ])
      expect(chunked).toBe(413)
    } finally {
      await small.close()
    }
  })

  it('answers a caller without a session at once, before its body has arrived', async () => {
    const status = await rawStream(h, { 'content-length': String(50 * 1024 * 1024) }, ['x'.repeat(1024)])
    expect(status).toBe(401)
  })

  it('keeps answering other calls while one body stalls half-way', async () => {
    const stalled = httpRequest({
      host: '127.0.0.1',
      port: h.server.port,
      path: '/api/call/csv.parse',
      method: 'POST',
      headers: {
        host: `127.0.0.1:${h.server.port}`,
        'content-type': 'application/json',
        cookie: h.cookie,
        'content-length': '1000',
      },
    })
    stalled.on('error', () => undefined)
    stalled.write('{"text":"')
    try {
      expect((await call(h, 'app.info', {})).status).toBe(200)
    } finally {
      stalled.destroy()
    }
  })
})

/** Sends headers and the given pieces, never finishing the body; resolves with the status the server answers. */
function rawStream(target: Harness, headers: Record<string, string>, pieces: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: target.server.port,
        path: '/api/call/csv.parse',
        method: 'POST',
        headers: { host: `127.0.0.1:${target.server.port}`, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
        req.destroy()
      },
    )
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)))
    for (const p of pieces) req.write(p)
  })
}
