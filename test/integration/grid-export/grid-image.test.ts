/**
 * The labelled grid image, drawn for real: images saved in a real library, sharp in a worker thread, the PNG or
 * JPEG read back pixel by pixel against the plan's geometry.
 */
import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GridExportLayoutSchema } from '@shared/contracts/grid-export'
import { AppError } from '@shared/errors'
import { createGridExportHandlers } from '../../../src/main/grid-export/grid-export-handlers'
import { planGridImage, type GridImagePlan } from '../../../src/main/grid-export/grid-image-plan'
import { openRig, type LibraryRig } from '../library/library-rig'
import { makeGrid } from './grid-rig'

let rig: LibraryRig
beforeEach(() => {
  rig = openRig('soul-batch-grid-image-')
})
afterEach(() => rig.close())

const handlers = () =>
  createGridExportHandlers({ db: rig.db, home: rig.home, now: () => Date.UTC(2026, 11, 1, 18, 30) })

async function errorOf(run: () => unknown): Promise<unknown> {
  try {
    await run()
  } catch (e) {
    return e
  }
  return null
}

interface Raw {
  data: Buffer
  width: number
  channels: number
}
async function raw(file: string): Promise<Raw> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, channels: info.channels }
}
function px(img: Raw, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * img.width + Math.round(x)) * img.channels
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!]
}
const hex = (h: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number]
const near = (a: readonly number[], b: readonly number[], tol = 12): boolean =>
  a.every((v, i) => Math.abs(v - b[i]!) <= tol)

/** How many pixels of a rectangle differ clearly from a colour (text strokes on the background). */
function inkIn(
  img: Raw,
  box: { x: number; y: number; width: number; height: number },
  bg: [number, number, number],
  tolerance = 40,
): number {
  let n = 0
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) if (!near(px(img, x, y), bg, tolerance)) n++
  }
  return n
}

describe('grid.exportImage', () => {
  it('writes a PNG of exactly the planned size, legends drawn, tiles in place, the winner framed', async () => {
    const g = await makeGrid(rig, {
      prompts: ['a lighthouse at dusk, warm light, long exposure over a calm sea', 'a fox in snow'],
      styles: 3,
      empty: [[1, 2]],
      winners: [[0, 1]],
    })
    const h = handlers()
    const layout = GridExportLayoutSchema.parse({ ...g.layout, cellWidth: 192 })
    const plan = await h['grid.exportPlan']({ layout })
    expect(plan.warning).toBeNull()
    const out = await h['grid.exportImage']({ layout, format: 'png', confirmLarge: false })
    expect(out.fileName).toMatch(/^soul-batch-grid-lighthouses-foxes-test-2x3-\d{8}T\d{9}\.png$/)
    expect(out.downloadUrl).toBe(`/exports/${out.fileName}`)
    const meta = await sharp(out.path).metadata()
    expect(meta.format).toBe('png')
    expect([meta.width, meta.height]).toEqual([plan.width, plan.height])
    expect([out.width, out.height]).toEqual([plan.width, plan.height])
    expect(out.bytes).toBe(readFileSync(out.path).length)

    // The same geometry the core used (the rig's images are 48 x 64).
    const geo: GridImagePlan = planGridImage(layout, () => ({ width: 48, height: 64 }))
    expect([geo.width, geo.height]).toEqual([plan.width, plan.height])
    const img = await raw(out.path)
    const bg = hex(geo.palette.background)
    // Column legends: ink inside each column's part of the header band; none in the left margin.
    for (const t of geo.tiles.filter((t) => t.row === 0)) {
      expect(inkIn(img, { x: t.x, y: 0, width: t.width, height: geo.header.height }, bg)).toBeGreaterThan(60)
    }
    expect(inkIn(img, { x: 0, y: 0, width: 8, height: geo.height }, bg)).toBe(0)
    // Row legends: the prompt is drawn left of the tiles.
    for (const row of geo.rows) {
      expect(inkIn(img, { x: 0, y: row.y, width: geo.tiles[0]!.x - 2, height: row.height }, bg)).toBeGreaterThan(60)
    }
    // Each saved image sits in its box (its centre has the image's colour, not the background).
    for (const t of geo.tiles.filter((t) => t.image)) {
      const c = px(img, t.image!.x + t.image!.width / 2, t.image!.y + t.image!.height * 0.75)
      expect(near(c, bg, 20)).toBe(false)
    }
    // The winner's border is in the winner colour where the plan puts it; a loser's same spot is not.
    const win = geo.tiles.find((t) => t.winner)!
    expect(win.cellId).toBe(g.cellIds[0]![1])
    const winner = hex(geo.palette.winner)
    const edge = (t: GridImagePlan['tiles'][number]) => px(img, t.x + geo.border / 2, t.y + t.height * 0.75)
    expect(near(edge(win), winner, 20)).toBe(true)
    expect(near(px(img, win.x + win.width - 1 - geo.border / 2, win.y + win.height / 2), winner, 20)).toBe(true)
    const loser = geo.tiles.find((t) => t.row === 0 && t.column === 0)!
    expect(near(edge(loser), winner, 60)).toBe(false)
    // The empty slot: a hatched placeholder (not a blank, not an image).
    const empty = geo.tiles.find((t) => t.image === null)!
    expect(empty.cellId).toBeNull()
    const hatch = inkIn(
      img,
      { x: empty.x + 2, y: empty.y + 2, width: empty.width - 4, height: empty.height - 4 },
      bg,
      8,
    )
    expect(hatch).toBeGreaterThan(0)
    expect(hatch).toBeLessThan((empty.width - 4) * (empty.height - 4) * 0.7)
  })

  it('draws JPEG on the dark theme', async () => {
    const g = await makeGrid(rig, { prompts: ['a fox in snow'], styles: 2 })
    const layout = GridExportLayoutSchema.parse({ ...g.layout, cellWidth: 128, theme: 'dark' })
    const h = handlers()
    const plan = await h['grid.exportPlan']({ layout })
    const out = await h['grid.exportImage']({ layout, format: 'jpeg', confirmLarge: false })
    expect(out.fileName).toMatch(/\.jpg$/)
    const bytes = readFileSync(out.path)
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8])
    const meta = await sharp(out.path).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', plan.width, plan.height])
    const img = await raw(out.path)
    expect(near(px(img, 2, 2), [0x14, 0x14, 0x18], 6)).toBe(true)
  })

  it('warns above 40 megapixels and makes the image only when confirmed', async () => {
    const g = await makeGrid(rig, { prompts: ['one', 'two'], styles: 6 })
    const layout = GridExportLayoutSchema.parse({ ...g.layout, cellWidth: 1536 })
    const h = handlers()
    const plan = await h['grid.exportPlan']({ layout })
    expect(plan.width * plan.height).toBeGreaterThan(40e6)
    expect(plan.warning).toMatch(/megapixels/)
    expect(plan.warning).toMatch(/A tile width of \d+ px would keep it under 40 megapixels/)
    const refused = await errorOf(() => h['grid.exportImage']({ layout, format: 'jpeg', confirmLarge: false }))
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).kind).toBe('validation')
    expect((refused as AppError).message).toMatch(/Confirm to make it anyway/)
    const made = await h['grid.exportImage']({ layout, format: 'jpeg', confirmLarge: true })
    const meta = await sharp(made.path, { limitInputPixels: false }).metadata()
    expect([meta.width, meta.height]).toEqual([plan.width, plan.height])
  })

  it('refuses an image too large for any encoder, saying how to make it smaller', async () => {
    const g = await makeGrid(rig, { prompts: ['one'], styles: 2 })
    const wide = { ...g.layout, columns: Array.from({ length: 20 }, (_, i) => ({ label: `Style ${i}` })) }
    wide.rows = [{ label: 'one', cells: wide.columns.map((_, i) => ({ cellId: g.cellIds[0]![i % 2]! })) }]
    const layout = GridExportLayoutSchema.parse({ ...wide, cellWidth: 2048 })
    const h = handlers()
    const e = await errorOf(() => h['grid.exportPlan']({ layout }))
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).message).toMatch(/pixels, larger than an image file can reliably hold/)
    expect((e as AppError).message).toMatch(/Set the tile width to \d+ px or less/)
    const e2 = await errorOf(() => h['grid.exportImage']({ layout, format: 'png', confirmLarge: true }))
    expect((e2 as AppError).kind).toBe('validation')
  })
})
