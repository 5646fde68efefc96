import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog/styles'
import type { LibraryPage } from '@shared/contracts/library'
import { MatrixSchema } from '@shared/domain'
import { readEmbedded } from '../../../src/main/library/embed'
import { readZip } from '../library/zip-reader'
import { call, FAST_DEMO, raw, startHarness, type Harness } from './harness'

const KEY = 'SG_feedfacefeedface'

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe('the library over browser mode (real core, demo simulator, real HTTP)', () => {
  let h: Harness
  let page: LibraryPage
  beforeAll(async () => {
    h = await startHarness({
      core: { demo: { ...FAST_DEMO, apiKeys: [KEY] }, settings: { rpm: 6000, concurrency: 4 } },
    })
    await h.core.handlers['batch.create']({
      matrix: MatrixSchema.parse({
        prompts: [{ prompt: 'routes lighthouse' }, { prompt: 'routes fox' }],
        styleIds: [SOUL_STYLES[0]!.id],
        width_and_height: '1536x2048',
      }),
    })
    await h.core.waitForIdle()
    await h.core.whenScanned()
    const got = await call(h, 'library.list', { filter: {}, sort: 'newest', limit: 50 })
    expect(got.status).toBe(200)
    page = (got.json as { data: LibraryPage }).data
  })
  afterAll(() => h.close())

  it('lists what the queue saved, newest first, and searches it', async () => {
    expect(page.items.map((i) => i.prompt).sort()).toEqual(['routes fox', 'routes lighthouse'])
    // (the batch's default name holds the first prompt, so "lighthouse" would match both)
    const found = await call(h, 'library.list', { filter: { text: 'fo' } })
    expect((found.json as { data: LibraryPage }).data.items.map((i) => i.prompt)).toEqual(['routes fox'])
  })

  it('refuses bad input with a sentence', async () => {
    const big = await call(h, 'library.list', { limit: 5000 })
    expect(big.status).toBe(400)
    expect((big.json as { error: { message: string } }).error.message).toBe('limit: a page holds at most 200 images')
    const rating = await call(h, 'library.mark', { ids: [page.items[0]!.id], rating: 9 })
    expect((rating.json as { error: { message: string } }).error.message).toBe('rating: a rating is 1 to 5')
  })

  it('downloaded images carry their metadata, and no file of the library holds the API key', async () => {
    const detail = h.core.handlers['library.get']({ id: page.items[0]!.id }) as { path: string }
    const embedded = readEmbedded(readFileSync(join(h.home, detail.path)))
    expect(embedded.parameters).toContain(page.items[0]!.prompt)
    const exp = await call(h, 'library.export', { ids: page.items.map((i) => i.id) })
    expect(exp.status).toBe(200)
    for (const f of filesUnder(h.home).filter((f) => !/soul-batch\.db/.test(f))) {
      expect(readFileSync(f).includes(KEY), f).toBe(false)
    }
  })

  it('serves an export zip to the session only, as a download', async () => {
    const exp = (await call(h, 'library.export', { ids: [page.items[0]!.id] })).json as {
      data: { downloadUrl: string; fileName: string; bytes: number }
    }
    const got = await raw(h.base, exp.data.downloadUrl, { headers: { cookie: h.cookie } })
    expect(got.status).toBe(200)
    expect(got.headers['content-type']).toBe('application/zip')
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${exp.data.fileName}"`)
    expect(got.body.length).toBe(exp.data.bytes)
    expect([...readZip(got.body).keys()]).toContain('manifest.csv')
    expect((await raw(h.base, exp.data.downloadUrl)).status).toBe(401)
    for (const bad of ['/exports/..%2Fsoul-batch.db', '/exports/nope.zip', '/exports/soul-batch.db']) {
      expect((await raw(h.base, bad, { headers: { cookie: h.cookie } })).status, bad).toBe(404)
    }
  })

  it('makes a missing thumbnail on first request (an older library), then serves it from disk', async () => {
    const id = page.items[1]!.id
    const db = new Database(join(h.home, 'soul-batch.db'))
    db.pragma('busy_timeout = 5000')
    db.prepare('UPDATE images SET thumb_path = NULL WHERE id = ?').run(id)
    const thumb = await raw(h.base, `/images/${id}/thumb`, { headers: { cookie: h.cookie } })
    expect(thumb.status).toBe(200)
    expect(thumb.body.subarray(8, 12).toString('latin1')).toBe('WEBP')
    expect((db.prepare('SELECT thumb_path AS t FROM images WHERE id = ?').get(id) as { t: string | null }).t).toMatch(
      /^thumbs\//,
    )
    db.close()
  })

  it('remakes a thumbnail left empty (thumbnails skip the fsync; a power cut can leave one renamed but empty)', async () => {
    // The first image: the test above took the second one's thumbnail away.
    const id = page.items[0]!.id
    const db = new Database(join(h.home, 'soul-batch.db'), { readonly: true })
    const rel = (db.prepare('SELECT thumb_path AS t FROM images WHERE id = ?').get(id) as { t: string | null }).t
    db.close()
    expect(rel).toMatch(/^thumbs\//)
    const file = join(h.home, ...rel!.split('/'))
    writeFileSync(file, '')
    const thumb = await raw(h.base, `/images/${id}/thumb`, { headers: { cookie: h.cookie } })
    expect(thumb.status).toBe(200)
    expect(thumb.body.subarray(8, 12).toString('latin1')).toBe('WEBP')
    expect(readFileSync(file).subarray(8, 12).toString('latin1')).toBe('WEBP')
  })
})
