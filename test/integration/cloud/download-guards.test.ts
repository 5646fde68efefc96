import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { APP_VERSION } from '@shared/version'
import { createSegmindClient } from '../../../src/main/cloud/client'
import type { SegmindApi } from '../../../src/main/cloud/types'
import { caught } from './sim-harness'
import { json, startScriptedServer, type ScriptedServer } from './scripted-server'

const KEY = 'SG_00112233aabbccdd'

describe('download: redirects, the key, size caps and schemes', () => {
  let api: ScriptedServer
  let cdn: ScriptedServer
  let client: SegmindApi
  let jpeg: Buffer

  beforeAll(async () => {
    jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer()
    const serveImages =
      (server: () => ScriptedServer) => (req: { path: string }, res: import('node:http').ServerResponse) => {
        const hop = /^\/hop\/(\d+)$/.exec(req.path)
        if (hop) {
          const n = Number(hop[1])
          res.writeHead(302, { location: n > 1 ? `/hop/${n - 1}` : `${server().url}/img.jpg` })
          return res.end()
        }
        switch (req.path) {
          case '/img.jpg':
            res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length })
            return res.end(jpeg)
          case '/to-cdn':
            res.writeHead(301, { location: `${cdn.url}/img.jpg` })
            return res.end()
          case '/to-ftp':
            res.writeHead(302, { location: 'ftp://files.example/img.jpg' })
            return res.end()
          case '/no-location':
            res.writeHead(302)
            return res.end()
          case '/huge-declared':
            res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 10 * 1024 * 1024 })
            return res.write(jpeg)
          case '/huge-chunked': {
            res.writeHead(200, { 'content-type': 'image/jpeg' })
            const chunk = Buffer.alloc(64 * 1024, 0xff)
            let sent = 0
            const push = (): void => {
              while (sent < 40 && !res.destroyed) {
                sent++
                if (!res.write(chunk)) return void res.once('drain', push)
              }
              res.end()
            }
            return push()
          }
          case '/html-as-jpeg': {
            const page = '<!doctype html><title>Bad Gateway</title>'
            res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': page.length })
            return res.end(page)
          }
          default:
            return json(res, 404, { error: 'Not Found' })
        }
      }
    api = await startScriptedServer(() => undefined)
    cdn = await startScriptedServer(() => undefined)
    api.script = serveImages(() => api)
    cdn.script = serveImages(() => cdn)
    client = createSegmindClient({ apiKey: KEY, baseUrl: api.url, maxImageBytes: 1024 * 1024 })
  })
  afterAll(async () => {
    await client.close()
    await api.close()
    await cdn.close()
  })
  beforeEach(() => {
    api.seen.length = 0
    cdn.seen.length = 0
  })

  it('follows a redirect to another host and never sends that host the key', async () => {
    const image = await client.download(`${api.url}/to-cdn`)
    expect(image.bytes.equals(jpeg)).toBe(true)
    expect(api.seen[0]?.headers['x-api-key']).toBe(KEY)
    expect(cdn.seen).toHaveLength(1)
    expect(cdn.seen[0]?.headers['x-api-key']).toBeUndefined()
    expect(cdn.seen[0]?.headers['user-agent']).toBe(`SoulBatch/${APP_VERSION} (+electron)`)
  })

  it('downloads straight from a public host without the key', async () => {
    await client.download(`${cdn.url}/img.jpg`)
    expect(cdn.seen[0]?.headers['x-api-key']).toBeUndefined()
  })

  it('follows up to maxRedirects (3) hops, and refuses the fourth', async () => {
    expect((await client.download(`${cdn.url}/hop/3`)).mime).toBe('image/jpeg')
    expect(cdn.seen).toHaveLength(4)
    const e = await caught(() => client.download(`${cdn.url}/hop/4`))
    expect(e).toMatchObject({ kind: 'download', retryable: false })
    expect(e.message).toMatch(/redirected more than 3 times/)
  })

  it('re-checks the scheme on every hop', async () => {
    expect(await caught(() => client.download(`${cdn.url}/to-ftp`))).toMatchObject({
      kind: 'download',
      retryable: false,
    })
  })

  it('refuses a redirect without a Location', async () => {
    expect(await caught(() => client.download(`${cdn.url}/no-location`))).toMatchObject({
      kind: 'download',
      status: 302,
    })
  })

  it('refuses a declared Content-Length above the cap before reading the body', async () => {
    const e = await caught(() => client.download(`${cdn.url}/huge-declared`))
    expect(e).toMatchObject({ kind: 'download', retryable: false, status: 200 })
    expect(e.message).toMatch(/larger than the 1 MiB limit/)
  })

  it('stops a body without Content-Length once it passes the cap', async () => {
    const e = await caught(() => client.download(`${cdn.url}/huge-chunked`))
    expect(e).toMatchObject({ kind: 'download', retryable: false })
  })

  it('refuses an HTML page served as image/jpeg, by its bytes', async () => {
    const e = await caught(() => client.download(`${cdn.url}/html-as-jpeg`))
    expect(e).toMatchObject({ kind: 'download', retryable: true })
    expect(e.detail).toMatch(/starting 3c21/)
  })

  it('refuses non-http schemes and invalid URLs without any request', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://files.example/a.jpg', 'data:image/jpeg;base64,/9j/', 'not a url']) {
      expect(await caught(() => client.download(url))).toMatchObject({ kind: 'download', retryable: false })
    }
    expect(api.seen.length + cdn.seen.length).toBe(0)
  })

  it('with an https API, refuses plain-http image URLs', async () => {
    const secure = createSegmindClient({ apiKey: KEY, baseUrl: 'https://api.segmind.com' })
    try {
      const e = await caught(() => secure.download(`${cdn.url}/img.jpg`))
      expect(e).toMatchObject({ kind: 'download', retryable: false })
      expect(e.message).toMatch(/only https/)
      expect(cdn.seen).toHaveLength(0)
    } finally {
      await secure.close()
    }
  })
})
