import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/main/importers/csv'
import { listPage } from '../../../src/main/db/library'
import { readEmbedded } from '../../../src/main/library/embed'
import { parseSoulBatchJson } from '../../../src/main/library/metadata'
import { createLibraryHandlers } from '../../../src/main/library/library-handlers'
import { addBatch, addImage, imageBytes, openRig, STYLE, STYLE2, type LibraryRig } from './library-rig'
import { readZip } from './zip-reader'

let rig: LibraryRig
let other: LibraryRig
beforeEach(() => {
  rig = openRig()
  other = openRig('soul-batch-library-other-')
})
afterEach(() => {
  rig.close()
  other.close()
})

const handlersOf = (r: LibraryRig) =>
  createLibraryHandlers({ db: r.db, home: r.home, now: () => Date.UTC(2026, 11, 1, 12), log: r.log })

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

describe('export a selection as a zip, and add images from a folder', () => {
  it('the zip holds each image, its sidecar, manifest.csv (the CSV importer reads it back) and manifest.json', async () => {
    const batch = addBatch(rig.db, 'Coast')
    const a = await addImage(rig, {
      batchId: batch,
      prompt: 'a lighthouse at dusk',
      seed: 11,
      createdAt: 1,
      format: 'jpeg',
    })
    const b = await addImage(rig, {
      batchId: batch,
      prompt: 'fog, "thick"',
      styleId: STYLE2.id,
      seed: 22,
      createdAt: 2,
      format: 'webp',
    })
    await addImage(rig, { batchId: batch, prompt: 'not exported', createdAt: 3 })
    const h = handlersOf(rig)
    h['library.mark']({ ids: [a], starred: true, rating: 4, addTags: ['keeper'] })

    const out = await h['library.export']({ ids: [a, b] })
    expect(out.images).toBe(2)
    expect(out.fileName).toMatch(/^soul-batch-export-\d{8}T\d{6}-2\.zip$/)
    expect(out.downloadUrl).toBe(`/exports/${out.fileName}`)
    expect(out.path).toBe(join(rig.home, 'exports', out.fileName))
    const zipBytes = readFileSync(out.path)
    expect(zipBytes.length).toBe(out.bytes)
    const entries = readZip(zipBytes)
    const names = [...entries.keys()]
    expect(names.filter((n) => n.startsWith('images/')).length).toBe(4)
    expect(names).toContain('manifest.csv')
    expect(names).toContain('manifest.json')

    const parsed = parseCsv(entries.get('manifest.csv')!.toString('utf8'))
    expect(parsed.errors).toEqual([])
    expect(parsed.rows).toEqual([
      expect.objectContaining({ prompt: 'a lighthouse at dusk', styleIds: [STYLE.id], seed: 11, tags: ['keeper'] }),
      expect.objectContaining({ prompt: 'fog, "thick"', styleIds: [STYLE2.id], seed: 22 }),
    ])
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as {
      images: { file: string; sidecar: string; metadata: { imageId: string; marks: unknown } }[]
    }
    expect(manifest.images.map((i) => i.metadata.imageId)).toEqual([a, b])
    expect(manifest.images[0]!.metadata.marks).toEqual({ starred: true, rating: 4, tags: ['keeper'] })
    // each image carries today's marks inside it too, with the library file's pixels
    const first = manifest.images[0]!
    const detail = h['library.get']({ id: a })
    const zipped = entries.get(first.file)!
    expect(parseSoulBatchJson(readEmbedded(zipped).soulBatch)?.marks).toEqual({
      starred: true,
      rating: 4,
      tags: ['keeper'],
    })
    const [x, y] = await Promise.all(
      [zipped, readFileSync(join(rig.home, detail.path))].map((f) => sharp(f).raw().toBuffer()),
    )
    expect(x!.equals(y!)).toBe(true)
    expect(JSON.parse(entries.get(first.sidecar)!.toString('utf8'))).toMatchObject({ imageId: a })
    if (hasUnzip()) execFileSync('unzip', ['-tq', out.path], { stdio: 'pipe' }) // a standard tool agrees
  })

  it('an exported folder adopted by another library brings back request, batch, marks and date; others are refused', async () => {
    const batch = addBatch(rig.db, 'Coast')
    const a = await addImage(rig, {
      batchId: batch,
      prompt: 'a lighthouse at dusk',
      seed: 11,
      createdAt: 1_700_000_000_000,
    })
    const b = await addImage(rig, {
      batchId: batch,
      prompt: 'a fox',
      seed: 12,
      createdAt: 1_700_000_100_000,
      format: 'jpeg',
    })
    const h = handlersOf(rig)
    h['library.mark']({ ids: [a], starred: true, addTags: ['keeper'] })
    const zip = readZip(readFileSync((await h['library.export']({ ids: [a, b] })).path))

    const folder = join(other.home, 'incoming')
    mkdirSync(folder)
    for (const [name, bytes] of zip) if (name.startsWith('images/')) writeFileSync(join(folder, name.slice(7)), bytes)
    writeFileSync(join(folder, 'plain.png'), await imageBytes('png')) // no metadata
    writeFileSync(join(folder, 'notes.txt'), 'hello')
    writeFileSync(
      join(folder, 'broken.png'),
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)]),
    )

    const res = await handlersOf(other)['library.importFolder']({ path: folder })
    expect(res.adopted).toBe(2)
    expect(res.batchIds).toEqual([batch])
    expect(res.refused).toEqual([
      { file: 'broken.png', reason: expect.stringMatching(/no Soul Batch metadata/) },
      { file: 'notes.txt', reason: 'It is not a PNG, JPEG or WebP image.' },
      { file: 'plain.png', reason: expect.stringMatching(/no Soul Batch metadata/) },
    ])
    const items = listPage(other.db, { filter: {}, sort: 'oldest', limit: 10 }).items
    expect(items.map((i) => [i.prompt, i.seed, i.batchName, i.createdAt])).toEqual([
      ['a lighthouse at dusk', 11, 'Coast', 1_700_000_000_000],
      ['a fox', 12, 'Coast', 1_700_000_100_000],
    ])
    expect(items[0]).toMatchObject({ starred: true, tags: ['keeper'] })
    expect(listPage(other.db, { filter: { text: 'lighthouse' }, sort: 'newest', limit: 10 }).items).toHaveLength(1)

    // the same folder again: nothing twice
    const again = await handlersOf(other)['library.importFolder']({ path: folder })
    expect([again.adopted, again.alreadyThere]).toEqual([0, 2])
    await expect(handlersOf(other)['library.importFolder']({ path: join(folder, 'nope') })).rejects.toThrow(
      /There is no folder to read/,
    )
  })

  it('an image without embedded metadata is adopted from the sidecar beside it', async () => {
    const batch = addBatch(rig.db, 'Sidecars')
    const a = await addImage(rig, { batchId: batch, prompt: 'side by side', seed: 5, createdAt: 5 })
    const detail = handlersOf(rig)['library.get']({ id: a })
    const folder = join(other.home, 'in')
    mkdirSync(folder)
    writeFileSync(join(folder, 'x.png'), await imageBytes('png', 77)) // pixels without metadata
    copyFileSync(join(rig.home, `${detail.path}.json`), join(folder, 'x.png.json'))
    const res = await handlersOf(other)['library.importFolder']({ path: folder })
    expect([res.adopted, res.refused]).toEqual([1, []])
    expect(listPage(other.db, { filter: {}, sort: 'newest', limit: 5 }).items[0]).toMatchObject({
      prompt: 'side by side',
      batchName: 'Sidecars',
    })
  })
})

describe('importing is safe with crafted metadata', () => {
  it('refuses a block whose ids would name a path outside the library', async () => {
    const folder = join(other.home, 'crafted')
    mkdirSync(folder)
    const meta = {
      app: 'soul-batch',
      version: 1,
      batch: { id: '../../escape', name: 'x' },
      cell: { id: 'c1', promptIndex: 0, seedIndex: 0 },
      request: { prompt: 'p', enhance_prompt: false, style_id: STYLE.id, width_and_height: '1536x2048' },
      result: { seed: 1, requestId: null, metrics: null },
      createdAt: 1,
    }
    writeFileSync(join(folder, 'a.png'), await imageBytes('png'))
    writeFileSync(join(folder, 'a.png.json'), JSON.stringify(meta))
    const res = await handlersOf(other)['library.importFolder']({ path: folder })
    expect(res.adopted).toBe(0)
    expect(res.refused).toEqual([{ file: 'a.png', reason: expect.stringMatching(/incomplete or damaged/) }])
  })
})
