import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TOKEN, call, openEvents, raw, startHarness, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('browser-mode session', () => {
  it('prints a link on 127.0.0.1 that carries the token', () => {
    expect(h.server.url).toBe(`http://127.0.0.1:${h.server.port}/?token=${TOKEN}`)
    expect(h.server.token).toBe(TOKEN)
  })

  it('trades the token in the link for an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const res = await raw(h.base, `/?token=${TOKEN}`)
    expect(res.status).toBe(302)
    // To the run's own path prefix, which the cookie is scoped to: cookies ignore ports, and a Path=/ cookie
    // would be sent to every other server on 127.0.0.1.
    expect(h.server.prefix).toMatch(/^\/s\/[A-Za-z0-9_-]{16}$/)
    expect(res.headers.location).toBe(`${h.server.prefix}/`)
    expect(res.headers['set-cookie']).toEqual([
      `soul_batch_${h.server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=${h.server.prefix}/`,
    ])
    expect(res.headers['referrer-policy']).toBe('no-referrer')
  })

  it('serves the page only with a session, under a strict CSP', async () => {
    const root = await raw(h.base, '/')
    expect(root.status).toBe(302)
    expect(root.headers.location).toBe(`${h.server.prefix}/`)
    const without = await raw(h.base, `${h.server.prefix}/`)
    expect(without.status).toBe(401)
    expect(without.text).toContain('?token=')
    expect((await raw(h.base, `${h.server.prefix}/?token=${TOKEN.slice(0, -1)}x`)).status).toBe(401)
    // Another run's prefix is not this one's page.
    expect((await raw(h.base, '/s/AAAAAAAAAAAAAAAA/', { headers: { cookie: h.cookie } })).status).toBe(404)

    const page = await raw(h.base, `${h.server.prefix}/`, { headers: { cookie: h.cookie } })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.text).toContain('<title>Soul Batch</title>')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self';")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect(page.headers['x-content-type-options']).toBe('nosniff')
  })

  it('serves built assets with their content types, and nothing outside the renderer folder', async () => {
    const js = await raw(h.base, '/assets/app.js')
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['cache-control']).toContain('immutable')
    expect((await raw(h.base, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    for (const path of [
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/..%2f..%2foutside.txt',
      '/%2e%2e%2foutside.txt',
      '/assets',
      '/nope.js',
    ]) {
      const res = await raw(h.base, path)
      expect(res.status, path).toBe(404)
      expect(res.text).not.toContain('outside the renderer')
    }
  })

  it('answers calls only with the cookie or the token header', async () => {
    expect((await call(h, 'app.info', {}, { cookie: '' })).status).toBe(401)
    expect(
      (await call(h, 'app.info', {}, { cookie: `soul_batch_${h.server.port}=wrong-token-0123456789` })).status,
    ).toBe(401)
    expect((await call(h, 'app.info', {}, { cookie: `soul_batch_1=${TOKEN}` })).status).toBe(401)
    expect((await call(h, 'app.info', {}, { cookie: '', 'x-soul-batch-token': 'nope' })).status).toBe(401)
    expect((await call(h, 'app.info', {}, { cookie: '', 'x-soul-batch-token': TOKEN })).status).toBe(200)
    expect((await call(h, 'app.info', {})).status).toBe(200)
  })

  it('refuses foreign Host headers everywhere (DNS rebinding)', async () => {
    const evil = { host: `evil.example:${h.server.port}`, cookie: h.cookie }
    expect((await raw(h.base, `/?token=${TOKEN}`, { headers: evil })).status).toBe(403)
    expect((await raw(h.base, '/assets/app.js', { headers: evil })).status).toBe(403)
    expect((await call(h, 'app.info', {}, evil)).status).toBe(403)
    expect((await call(h, 'app.info', {}, { host: `localhost:${h.server.port}` })).status).toBe(200)
  })

  it('refuses calls from a foreign Origin', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${h.server.port + 1}`]) {
      expect((await call(h, 'app.info', {}, { origin })).status, origin).toBe(403)
    }
    expect((await call(h, 'app.info', {}, { origin: `http://localhost:${h.server.port}` })).status).toBe(200)
  })

  it('takes JSON only, by POST only, and caps the body', async () => {
    const form = await raw(h.base, '/api/call/app.info', {
      method: 'POST',
      headers: { cookie: h.cookie, 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(form.status).toBe(415)
    expect((await raw(h.base, '/api/call/app.info', { headers: { cookie: h.cookie } })).status).toBe(405)
    const small = await startHarness({ server: { maxBodyBytes: 1024 } })
    try {
      const big = await call(small, 'csv.parse', { text: 'prompt\n' + 'x'.repeat(4096) })
      expect(big.status).toBe(413)
      expect(big.json).toMatchObject({ ok: false, error: { kind: 'validation' } })
    } finally {
      await small.close()
    }
  })

  it('guards the event socket like the calls', async () => {
    const port = h.server.port
    await expect(openEvents(h.base, {})).rejects.toThrow('refused 401')
    await expect(openEvents(h.base, { cookie: h.cookie, origin: 'http://evil.example' })).rejects.toThrow('refused 403')
    await expect(openEvents(h.base, { cookie: h.cookie, host: `evil.example:${port}` })).rejects.toThrow('refused 403')
    const ws = await openEvents(h.base, { cookie: h.cookie, origin: `http://127.0.0.1:${port}` })
    ws.close()
    const byHeader = await openEvents(h.base, { 'x-soul-batch-token': TOKEN })
    byHeader.close()
  })
})
