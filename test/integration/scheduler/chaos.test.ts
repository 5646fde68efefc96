import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { MatrixSchema } from '@shared/domain'
import { createCore, type Core } from '../../../src/main/core'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator'
import { tempHome } from '../core/helpers'
import { readEmbedded } from '../../../src/main/library/embed'
import { parseSoulBatchJson } from '../../../src/main/library/metadata'

/**
 * THE CHAOS TEST: 1 000 cells through a simulator that misbehaves in every way the transport can — 10% 5xx on
 * status/result, resets on GETs and image downloads, corrupt images, 3% failed jobs, random 429 bursts and a
 * server rate limit below ours. Whatever happens, nothing may be lost and nothing may be paid for twice.
 */
const KEY = 'SG_00000000000000cc'
const TIME_SCALE = 0.002
const PROMPTS = 100
const STYLES = SOUL_STYLES.map((s) => s.id) // 10 styles -> 1 000 cells

interface CellRowLite {
  id: string
  state: string
  request_id: string | null
  output_url: string | null
  error_json: string | null
  params_json: string
}
interface ImageRowLite {
  cell_id: string
  path: string
  thumb_path: string
  sha256: string
}

describe('chaos: 1 000 cells under faults', () => {
  let sim: SimulatorHandle
  let core: Core
  let home: string
  let cleanup: () => void
  const statuses = new Map<number | null, number>()
  let cells: CellRowLite[] = []
  let images: ImageRowLite[] = []
  let started = 0
  let elapsedMs = 0

  beforeAll(async () => {
    ;({ home, cleanup } = tempHome('chaos'))
    sim = await startSimulator({
      apiKeys: [KEY],
      timeScale: TIME_SCALE,
      imageScale: 0.03,
      workers: 64,
      rpm: 400,
      ttlSeconds: 1_000_000,
      seed: 20240607,
      faults: { get5xx: 0.1, burst429: 0.03, failed: 0.03, corruptImage: 0.02, getReset: 0.02, imageReset: 0.02 },
    })
    core = await createCore({
      home,
      apiKey: KEY,
      baseUrl: sim.url,
      timeScale: TIME_SCALE,
      settings: { rpm: 500, concurrency: 96, getsCountTowardRpm: true, mode: 'async' },
      onRequest: (e) => statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1),
    })
    const matrix = MatrixSchema.parse({
      prompts: Array.from({ length: PROMPTS }, (_, i) => ({ prompt: `chaos prompt number ${i}` })),
      styleIds: STYLES,
      width_and_height: '1152x1536',
      quality: '720p',
    })
    started = Date.now()
    const { cells: n } = await core.handlers['batch.create']({ matrix })
    expect(n).toBe(1000)
    await core.waitForIdle()
    elapsedMs = Date.now() - started
    const db = new Database(join(home, 'soul-batch.db'), { readonly: true })
    cells = db
      .prepare('SELECT id, state, request_id, output_url, error_json, params_json FROM cells')
      .all() as CellRowLite[]
    images = db.prepare('SELECT cell_id, path, thumb_path, sha256 FROM images').all() as ImageRowLite[]
    db.close()
  }, 240_000)

  afterAll(async () => {
    await core?.close()
    await sim?.stop()
    cleanup?.()
  })

  it('the faults really happened', () => {
    expect(statuses.get(429) ?? 0).toBeGreaterThan(0)
    expect([500, 502, 504].reduce((n, s) => n + (statuses.get(s) ?? 0), 0)).toBeGreaterThan(50)
    expect(sim.counters.failed).toBeGreaterThan(0)
    expect(sim.counters.rateLimited).toBeGreaterThan(0)
  })

  it('every cell ends saved, or failed with a reason', () => {
    expect(cells).toHaveLength(1000)
    const byState = new Map<string, number>()
    for (const c of cells) byState.set(c.state, (byState.get(c.state) ?? 0) + 1)
    expect(byState.get('saved') ?? 0).toBeGreaterThan(900)
    // anything else is listed with its error, so a failure here says what went wrong
    const odd = cells
      .filter((c) => {
        if (c.state === 'saved') return false
        const err = JSON.parse(c.error_json ?? 'null') as { kind: string; message: string } | null
        return !(
          c.state === 'failed' &&
          err &&
          ['failed', 'content_blocked'].includes(err.kind) &&
          err.message.length > 10
        )
      })
      .map((c) => `${c.state} ${c.error_json}`)
    expect(odd).toEqual([])
  })

  it('no (prompt, style, seed) was submitted twice, and every cell was submitted', () => {
    expect(sim.counters.submitsByKey.size).toBe(1000)
    for (const [key, n] of sim.counters.submitsByKey) expect(n, key).toBe(1)
  })

  it('zero images lost: every job the simulator completed is saved by us, with its row, file and thumbnail', () => {
    const saved = cells.filter((c) => c.state === 'saved')
    expect(saved.length).toBe(sim.counters.completed)
    expect(cells.filter((c) => c.state === 'failed').length).toBe(sim.counters.failed)
    const savedRequests = new Set(saved.map((c) => c.request_id))
    for (const requestId of sim.counters.completedAt.keys()) expect(savedRequests.has(requestId)).toBe(true)
    const byCell = new Map(images.map((i) => [i.cell_id, i]))
    expect(images.length).toBe(saved.length)
    for (const c of saved) {
      const img = byCell.get(c.id)
      expect(img, c.id).toBeDefined()
      const file = join(home, img!.path)
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(img!.sha256)
      expect(existsSync(join(home, img!.thumb_path))).toBe(true)
    }
  })

  it('every saved file holds byte-for-byte the image the server made (no corrupt download slipped through)', async () => {
    sim.update({ faults: { get5xx: 0, burst429: 0, failed: 0, corruptImage: 0, getReset: 0, imageReset: 0 } })
    const byCell = new Map(images.map((i) => [i.cell_id, i]))
    const saved = cells.filter((c) => c.state === 'saved')
    for (let i = 0; i < saved.length; i += 50) {
      await Promise.all(
        saved.slice(i, i + 50).map(async (c) => {
          const res = await fetch(c.output_url!)
          expect(res.status).toBe(200)
          const hash = createHash('sha256')
            .update(Buffer.from(await res.arrayBuffer()))
            .digest('hex')
          // The file is the download plus its embedded metadata, which records the download's own hash; the
          // row's sha256 is of the file as it lies on disk.
          const row = byCell.get(c.id)!
          const file = readFileSync(join(home, row.path))
          expect(createHash('sha256').update(file).digest('hex'), c.id).toBe(row.sha256)
          const block = parseSoulBatchJson(readEmbedded(file).soulBatch)
          expect(block?.result.sourceSha256, c.id).toBe(hash)
        }),
      )
    }
  })

  it('finishes in reasonable time and request count (reported, loosely bounded)', () => {
    const requests = [...statuses.values()].reduce((a, b) => a + b, 0)
    const saved = cells.filter((c) => c.state === 'saved').length
    console.info(
      `chaos: ${saved} saved, ${1000 - saved} failed, ${requests} requests (${(requests / saved).toFixed(2)} per saved image incl. downloads and retries), ${elapsedMs} ms`,
    )
    expect(requests / saved).toBeLessThan(10)
  })
})
