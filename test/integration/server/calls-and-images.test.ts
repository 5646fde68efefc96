import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoreEventSchema, type CoreEvent } from '@shared/contracts'
import type { BatchDetail } from '@shared/domain'
import { SMALL_MATRIX, call, openEvents, raw, startHarness, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('calls over HTTP', () => {
  it('answers app.info as the browser host', async () => {
    const res = await call(h, 'app.info', {})
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.json).toMatchObject({ ok: true, data: { host: 'browser', demoMode: true, home: h.home } })
  })

  it('turns bad input into a validation error that names each field', async () => {
    const res = await call(h, 'batch.create', { matrix: { ...SMALL_MATRIX, prompts: [] } })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        message: 'matrix.prompts: add at least one prompt',
        issues: [{ path: 'matrix.prompts', message: 'add at least one prompt' }],
      },
    })
    const extra = await call(h, 'batch.list', { surprise: 1 })
    expect(extra.json).toMatchObject({ ok: false, error: { kind: 'validation' } })
  })

  it('refuses unknown calls and unreadable bodies with typed errors, never a stack trace', async () => {
    const unknown = await call(h, 'batch.destroyEverything', {})
    expect(unknown.status).toBe(404)
    expect(unknown.json).toEqual({
      ok: false,
      error: { kind: 'not_found', message: 'Unknown call "batch.destroyEverything".' },
    })
    const notJson = await raw(h.base, '/api/call/batch.list', {
      method: 'POST',
      headers: { cookie: h.cookie, 'content-type': 'application/json' },
      body: '{oops',
    })
    expect(notJson.status).toBe(400)
    expect(JSON.parse(notJson.text)).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: 'The request body is not valid JSON.' },
    })
    const missing = await call(h, 'batch.get', { batchId: 'no-such-batch' })
    expect(missing.json).toMatchObject({ ok: false, error: { kind: 'not_found' } })
    for (const r of [unknown, notJson, missing]) expect(r.text).not.toMatch(/\n\s+at /)
  })
})

describe('a batch run over HTTP', () => {
  let ws: WebSocket
  const events: CoreEvent[] = []
  let detail: BatchDetail

  beforeAll(async () => {
    ws = await openEvents(h.base, { cookie: h.cookie })
    ws.on('message', (data) => events.push(CoreEventSchema.parse(JSON.parse(String(data)))))
    const created = await call(h, 'batch.create', { name: 'http batch', matrix: SMALL_MATRIX })
    expect(created.json).toMatchObject({ ok: true, data: { cells: 2 } })
    const { batchId } = (created.json as { data: { batchId: string } }).data
    await h.core.waitForIdle()
    const got = await call(h, 'batch.get', { batchId })
    detail = (got.json as { data: BatchDetail }).data
  })
  afterAll(() => ws.close())

  it('finishes every cell with an image', () => {
    expect(detail.cells).toHaveLength(2)
    for (const cell of detail.cells) {
      expect(cell.state).toBe('saved')
      expect(cell.image).not.toBeNull()
    }
  })

  it('streams typed events over the WebSocket while it runs', async () => {
    // The core coalesces events; the last one for each cell may trail waitForIdle by a tick.
    await expect
      .poll(() => events.filter((e) => e.type === 'cell' && e.cell.state === 'saved').length)
      .toBeGreaterThanOrEqual(1)
    expect(events.some((e) => e.type === 'batch' && e.batch.id === detail.batch.id)).toBe(true)
  })

  it('serves the full image and its thumbnail as real bytes, cached for good', async () => {
    const id = detail.cells[0]!.image!.id
    const full = await raw(h.base, `/images/${id}/full`, { headers: { cookie: h.cookie } })
    expect(full.status).toBe(200)
    expect(full.headers['cache-control']).toBe('private, max-age=31536000, immutable')
    expect(full.headers['content-type']).toBe(detail.cells[0]!.image!.mime)
    expect(Number(full.headers['content-length'])).toBe(full.body.length)
    expect(full.body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
    const thumb = await raw(h.base, `/images/${id}/thumb`, { headers: { cookie: h.cookie } })
    expect(thumb.status).toBe(200)
    expect(thumb.headers['content-type']).toBe('image/webp')
    expect(thumb.body.subarray(0, 4).toString('latin1')).toBe('RIFF')
    expect(thumb.body.subarray(8, 12).toString('latin1')).toBe('WEBP')
    const head = await raw(h.base, `/images/${id}/thumb`, { method: 'HEAD', headers: { cookie: h.cookie } })
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
  })

  it('wants the session for images too', async () => {
    const id = detail.cells[0]!.image!.id
    expect((await raw(h.base, `/images/${id}/full`)).status).toBe(401)
  })

  it('answers 404 for unknown ids, unknown variants and traversal attempts', async () => {
    const id = detail.cells[0]!.image!.id
    for (const path of [
      '/images/no-such-image/full',
      `/images/${id}/original`,
      `/images/${id}/full/extra`,
      `/images/${id}`,
      '/images/..%2F..%2Fsoul-batch.db/full',
      '/images/%2e%2e/full',
      '/images/..%5C..%5Cetc/full',
      '/images/%00/full',
      '/images/%E0%A4%A/full',
    ]) {
      const res = await raw(h.base, path, { headers: { cookie: h.cookie } })
      expect(res.status, path).toBe(404)
    }
  })

  it('refuses an image file that a symlink leads outside the library (core and route both check)', async () => {
    const image = detail.cells[1]!.image!
    const path = h.core.imagePath(image.id, 'full')
    expect(path).not.toBeNull()
    const outsideDir = mkdtempSync(join(tmpdir(), 'soul-outside-'))
    try {
      const secret = join(outsideDir, 'secret.jpg')
      writeFileSync(secret, 'not yours')
      unlinkSync(path!)
      symlinkSync(secret, path!)
      const res = await raw(h.base, `/images/${image.id}/full`, { headers: { cookie: h.cookie } })
      expect(res.status).toBe(404)
      expect(res.text).not.toContain('not yours')
    } finally {
      rmSync(outsideDir, { recursive: true, force: true })
    }
  })
})
