import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoreEvent } from '@shared/contracts'
import { AppError } from '@shared/errors'
import { createBrowserBridge } from '../../../src/renderer/src/api/transport/browser-bridge'
import type { Api } from '../../../src/renderer/src/api/transport/types'
import { startServer } from '../../../src/main/server/server'
import { SMALL_MATRIX, TOKEN, startHarness, type Harness } from './harness'

/** The renderer's browser bridge, driven from Node against a real server: what the page does, minus the page. */
function bridgeFor(base: string): Api {
  const headers = { 'x-soul-batch-token': TOKEN }
  return createBrowserBridge({
    origin: base,
    eventsUrl: `${base.replace('http', 'ws')}/api/events`,
    headers,
    fetch: (url, init) => fetch(url, init),
    createSocket: (url) => new WebSocket(url, { headers }),
    reconnect: { minDelay: 20, maxDelay: 200 },
  })
}

let h: Harness
let api: Api
beforeAll(async () => {
  h = await startHarness()
  api = bridgeFor(h.base)
})
afterAll(() => h.close())

describe('the renderer api module in browser mode', () => {
  it('calls the core and returns typed data', async () => {
    const info = await api.call('app.info', {})
    expect(info.host).toBe('browser')
    expect(api.host).toBe('browser')
    expect(Array.isArray(await api.call('batch.list', {}))).toBe(true)
  })

  it('rejects with an AppError carrying the validation issues', async () => {
    const failure = await api
      .call('batch.create', { matrix: { ...SMALL_MATRIX, styleIds: [] } })
      .catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(AppError)
    expect(failure).toMatchObject({
      kind: 'validation',
      issues: [{ path: 'matrix.styleIds', message: 'select at least one style' }],
    })
  })

  it('says so when the page has no session', async () => {
    const stranger = createBrowserBridge({
      origin: h.base,
      eventsUrl: `${h.base.replace('http', 'ws')}/api/events`,
      fetch: (url, init) => fetch(url, init),
      createSocket: (url) => new WebSocket(url),
    })
    await expect(stranger.call('app.info', {})).rejects.toMatchObject({ kind: 'auth', status: 401 })
  })

  it('delivers events, and reconnects on its own after the server comes back', async () => {
    const seen: CoreEvent[] = []
    const links: boolean[] = []
    const offLink = api.onConnectionChange((c) => links.push(c))
    const off = api.onEvent((e) => seen.push(e))
    await expect.poll(() => links.at(-1)).toBe(true)

    await api.call('batch.create', { matrix: SMALL_MATRIX })
    await h.core.waitForIdle()
    await expect.poll(() => seen.some((e) => e.type === 'cell' && e.cell.state === 'saved')).toBe(true)

    // Same port, same token, same core: what a restart of `npm run serve` with SOUL_BATCH_PORT looks like.
    const port = h.server.port
    await h.server.close()
    await expect.poll(() => links.at(-1)).toBe(false)
    h.server = await startServer({ core: h.core, rendererDir: join(h.root, 'renderer'), token: TOKEN, port })
    await expect.poll(() => links.at(-1), { timeout: 10_000 }).toBe(true)

    const before = seen.length
    await api.call('batch.create', { matrix: { ...SMALL_MATRIX, prompts: [{ prompt: 'after the restart' }] } })
    await h.core.waitForIdle()
    await expect.poll(() => seen.length).toBeGreaterThan(before)
    off()
    offLink()
    expect(links.filter((c) => c).length).toBeGreaterThanOrEqual(2)
  })

  it('points images at the image route', () => {
    expect(api.imageUrl('abc', 'thumb')).toBe(`${h.base}/images/abc/thumb`)
  })
})
