import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import type { CoreEvent } from '@shared/contracts'
import { createCore, type Core } from '../../../src/main/core'
import { FAST_DEMO, matrix, readDb, tempHome } from './helpers'

describe('a 2x2 batch end to end (demo simulator over loopback, real SQLite, real files)', () => {
  let core: Core | null = null
  let cleanup = (): void => {}
  afterEach(async () => {
    await core?.close()
    core = null
    cleanup()
  })

  it('saves 4 images with rows, files and thumbnails, and reports progress events', async () => {
    const t = tempHome('e2e')
    cleanup = t.cleanup
    core = await createCore({ home: t.home, demo: FAST_DEMO, settings: { rpm: 600, concurrency: 4 } })
    expect(core.demoMode).toBe(true)
    const events: CoreEvent[] = []
    core.onEvent((e) => events.push(e))

    const { batchId, cells } = await core.handlers['batch.create']({
      matrix: matrix(['e2e red fox', 'e2e blue whale']),
    })
    expect(cells).toBe(4)
    await core.waitForIdle()

    const detail = await core.handlers['batch.get']({ batchId })
    expect(detail.batch.status).toBe('done')
    expect(detail.batch.counts).toEqual({ saved: 4 })
    expect(detail.batch.spend).toBeCloseTo(4 * 0.2175, 4)
    // shared seed policy: both styles of a prompt row got the same seed
    for (const p of [0, 1]) {
      const seeds = detail.cells.filter((c) => c.promptIndex === p).map((c) => c.params.seed)
      expect(new Set(seeds).size).toBe(1)
    }
    for (const cell of detail.cells) {
      expect(cell.state).toBe('saved')
      expect(cell.image).not.toBeNull()
      const full = core.imagePath(cell.image!.id, 'full')
      const thumb = core.imagePath(cell.image!.id, 'thumb')
      expect(full && existsSync(full)).toBeTruthy()
      expect(thumb && existsSync(thumb)).toBeTruthy()
      const meta = await sharp(full!).metadata()
      expect([meta.width, meta.height]).toEqual([cell.image!.width, cell.image!.height])
      expect((await sharp(thumb!).metadata()).format).toBe('webp')
    }
    const rows = readDb(
      t.home,
      (db) =>
        db.prepare('SELECT path, sha256 FROM images WHERE batch_id = ?').all(batchId) as {
          path: string
          sha256: string
        }[],
    )
    expect(rows).toHaveLength(4)
    for (const r of rows) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(t.home, r.path)))
          .digest('hex'),
      ).toBe(r.sha256)
    }
    expect(core.imagePath('no-such-image', 'full')).toBeNull()

    await new Promise((r) => setTimeout(r, 300))
    const batchEvents = events.filter((e) => e.type === 'batch')
    expect(batchEvents.length).toBeGreaterThan(0)
    expect(events.some((e) => e.type === 'cell' && e.cell.state === 'saved')).toBe(true)
    const q = await core.handlers['queue.status']({})
    expect(q.requests.submit).toBe(4)
    expect(q.inFlight).toBe(0)
  })
})
