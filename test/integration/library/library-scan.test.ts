import { randomUUID } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getDetail, listPage } from '../../../src/main/db/library'
import { reconcileLibrary, type ReconcileContext } from '../../../src/main/library/reconcile'
import { addBatch, addImage, imageBytes, openRig, type LibraryRig } from './library-rig'

let rig: LibraryRig
beforeEach(() => {
  rig = openRig()
})
afterEach(() => rig.close())

const ctx = (signal?: AbortSignal): ReconcileContext => ({
  db: rig.db,
  home: rig.home,
  log: rig.log,
  signal,
  canAdopt: () => false,
  adopt: () => {
    throw new Error('no in-flight cells in these tests')
  },
})

describe('the whole-library scan (real files, real SQLite)', () => {
  it('flags a missing file, a damaged (truncated) one, and unflags a file that came back', async () => {
    const batch = addBatch(rig.db, 'scan')
    const [gone, cut, fine] = [
      await addImage(rig, { batchId: batch, prompt: 'gone', createdAt: 1 }),
      await addImage(rig, { batchId: batch, prompt: 'cut', createdAt: 2, format: 'jpeg' }),
      await addImage(rig, { batchId: batch, prompt: 'fine', createdAt: 3, format: 'webp' }),
    ]
    const goneFile = join(rig.home, getDetail(rig.db, gone)!.path)
    const cutFile = join(rig.home, getDetail(rig.db, cut)!.path)
    renameSync(goneFile, join(rig.home, 'elsewhere'))
    writeFileSync(cutFile, readFileSync(cutFile).subarray(0, 100))
    const report = await reconcileLibrary(ctx())
    expect(report).toMatchObject({ missing: 1, damaged: 1, found: 0, quarantined: 0 })
    expect([gone, cut, fine].map((id) => getDetail(rig.db, id)!.missing)).toEqual([true, true, false])
    expect(rig.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'image file missing',
      'image file damaged: its size changed since it was saved',
    ])
    renameSync(join(rig.home, 'elsewhere'), goneFile)
    expect((await reconcileLibrary(ctx())).found).toBe(1)
    expect(getDetail(rig.db, gone)!.missing).toBe(false)
    // the rows stay: a missing image is listed (flagged), never dropped
    expect(listPage(rig.db, { filter: {}, sort: 'newest', limit: 10 }).items).toHaveLength(3)
  })

  it('adopts an orphan whose row was lost from its sidecar; quarantines one without metadata, and a corrupt one', async () => {
    const batch = addBatch(rig.db, 'orphans')
    const kept = await addImage(rig, { batchId: batch, prompt: 'a row-less lighthouse', seed: 77, createdAt: 42 })
    const keptPath = getDetail(rig.db, kept)!.path
    // the row and its cell vanish (a database restored from an old backup): the file and sidecar remain
    rig.db.prepare('DELETE FROM images WHERE id = ?').run(kept)
    rig.db
      .prepare('DELETE FROM cells WHERE id = (SELECT cell_id FROM images WHERE id = ?) OR batch_id = ?')
      .run(kept, batch)
    const dir = join(rig.home, 'images', batch)
    const stray = `${randomUUID()}.png`
    writeFileSync(join(dir, stray), await imageBytes('png', 5)) // no metadata, no sidecar
    const corrupt = `${randomUUID()}.jpg`
    writeFileSync(join(dir, corrupt), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))
    writeFileSync(join(dir, `${corrupt}.json`), readFileSync(join(rig.home, `${keptPath}.json`)))

    const report = await reconcileLibrary(ctx())
    expect(report).toMatchObject({ adopted: 1, quarantined: 2 })
    const items = listPage(rig.db, { filter: {}, sort: 'newest', limit: 10 }).items
    expect(items.map((i) => [i.prompt, i.seed, i.createdAt, i.batchName])).toEqual([
      ['a row-less lighthouse', 77, 42, 'orphans'],
    ])
    expect(existsSync(join(rig.home, keptPath))).toBe(true)
    // quarantined, never deleted: the stray and the corrupt file (with its sidecar)
    expect(readdirSync(join(rig.home, 'quarantine', batch)).sort()).toEqual([corrupt, `${corrupt}.json`, stray].sort())
    expect(readdirSync(dir).sort()).toEqual([keptPath.split('/').pop(), `${keptPath.split('/').pop()}.json`].sort())
  })

  it('remakes a lost thumbnail and stops between slices when the library closes', async () => {
    const batch = addBatch(rig.db, 'thumbs')
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push(await addImage(rig, { batchId: batch, prompt: `t${i}`, createdAt: i }))
    const thumb = rig.db.prepare('SELECT thumb_path AS t FROM images WHERE id = ?').get(ids[1]) as { t: string }
    unlinkSync(join(rig.home, thumb.t))
    const aborted = new AbortController()
    aborted.abort()
    expect((await reconcileLibrary(ctx(aborted.signal))).thumbsRebuilt).toBe(0)
    expect((await reconcileLibrary(ctx())).thumbsRebuilt).toBe(1)
    expect(existsSync(join(rig.home, thumb.t))).toBe(true)
  })

  it('leaves a sidecar beside its image alone, and moves one whose image is gone', async () => {
    const batch = addBatch(rig.db, 'sidecars')
    await addImage(rig, { batchId: batch, prompt: 'x', createdAt: 1 })
    const dir = join(rig.home, 'images', batch)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'lonely.png.json'), '{}')
    expect((await reconcileLibrary(ctx())).quarantined).toBe(1)
    expect(readdirSync(join(rig.home, 'quarantine', batch))).toEqual(['lonely.png.json'])
    rmSync(join(rig.home, 'quarantine'), { recursive: true })
    expect((await reconcileLibrary(ctx())).quarantined).toBe(0)
  })
})
