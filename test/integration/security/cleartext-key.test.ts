/**
 * Security review: the API key must not travel over plain http to a host on the network.
 *
 * The client sends x-api-key to every URL whose origin equals the base URL's (src/main/cloud/http.ts isApiOrigin),
 * whatever the scheme, and normalizeBaseUrl (src/main/cloud/client.ts) accepts http:// for ANY host — although its
 * own message says http is "for a local simulator" and docs/briefs say "http for the simulator on loopback".
 * So SEGMIND_BASE_URL=http://api.segmind.com (a one-letter slip) sends the key in clear text on every call, with no
 * warning. The fix belongs in normalizeBaseUrl: plain http only for 127.0.0.1, localhost or [::1].
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { createSegmindClient } from '../../../src/main/cloud/client'
import { createCore } from '../../../src/main/core'
import { startScriptedServer } from '../cloud/scripted-server'

const KEY = 'SG_c1ea27e87c1ea27e'
const root = mkdtempSync(join(tmpdir(), 'soul-review-cleartext-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('plain-http API base URLs', () => {
  it('are refused for hosts on the network, so the key is never sent in clear text', () => {
    for (const baseUrl of ['http://api.segmind.com', 'http://api.segmind.com/v1', 'http://10.0.0.7:8080']) {
      expect(() => createSegmindClient({ apiKey: KEY, baseUrl }), baseUrl).toThrow(AppError)
    }
  })

  it('are refused by the core too, for every host (Electron, browser mode, CLI)', async () => {
    const opened = await createCore({
      home: join(root, 'core'),
      apiKey: KEY,
      baseUrl: 'http://api.segmind.com',
      autoStart: false,
    }).then(
      async (core) => {
        await core.close()
        return 'opened'
      },
      (e: unknown) => e,
    )
    expect(opened).toBeInstanceOf(AppError)
    expect((opened as AppError).kind).toBe('validation')
  })

  it('still work for a simulator on loopback (the only place plain http is meant for)', async () => {
    const sim = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"credits": 1}')
    })
    try {
      for (const baseUrl of [sim.url, sim.url.replace('127.0.0.1', 'localhost')]) {
        const client = createSegmindClient({ apiKey: KEY, baseUrl })
        try {
          expect(await client.credits()).toMatchObject({ credits: 1 })
        } finally {
          await client.close()
        }
      }
      expect(sim.seen.every((r) => r.headers['x-api-key'] === KEY)).toBe(true)
    } finally {
      await sim.close()
    }
  })
})
