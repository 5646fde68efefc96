import { describe, expect, it } from 'vitest'
import { GridExportLayoutSchema, type GridExportLayout } from '@shared/contracts/grid-export'
import {
  fitInside,
  largeWarningOf,
  MAX_SIDE,
  planGridImage,
  refusalOf,
  tileHeight,
  type ImageSize,
} from '../../../src/main/grid-export/grid-image-plan'
import { escapeXml, gridOverlays, WINNER_TAG } from '../../../src/main/grid-export/grid-svg'

const portrait: ImageSize = { width: 1536, height: 2048 }

function layout(
  rows: number,
  cols: number,
  extra: Partial<GridExportLayout> = {},
): ReturnType<typeof GridExportLayoutSchema.parse> {
  return GridExportLayoutSchema.parse({
    columns: Array.from({ length: cols }, (_, c) => ({ label: `Style ${c}`, sublabel: 'a short description' })),
    rows: Array.from({ length: rows }, (_, r) => ({
      label: `prompt ${r}`,
      cells: Array.from({ length: cols }, (_, c) => ({ cellId: `c${r}-${c}` })),
    })),
    ...extra,
  })
}

const replanOf = (rows: number, cols: number) => (cellWidth: number) =>
  planGridImage(layout(rows, cols, { cellWidth }), () => portrait)

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

describe('planGridImage', () => {
  it('lays tiles out in rows and columns inside the image, none overlapping, after the legends', () => {
    const plan = planGridImage(layout(3, 4, { cellWidth: 256 }), () => portrait)
    expect(plan.tiles).toHaveLength(12)
    expect(plan.rows).toHaveLength(3)
    for (const t of plan.tiles) {
      expect(t.width).toBe(256)
      expect(t.height).toBe(Math.round((256 * 2048) / 1536))
      expect(t.x + t.width).toBeLessThan(plan.width)
      expect(t.y + t.height).toBeLessThan(plan.height)
      expect(t.y).toBeGreaterThanOrEqual(plan.header.height)
      // The row legend column is left of every tile.
      expect(t.x).toBeGreaterThan(plan.rows[0]!.label.x + 100)
      for (const u of plan.tiles) if (u !== t) expect(overlap(t, u)).toBe(false)
    }
    // Columns line up: every tile of a column has the same x, every tile of a row the same y.
    const xs = new Set(plan.tiles.filter((t) => t.column === 2).map((t) => t.x))
    const ys = new Set(plan.tiles.filter((t) => t.row === 1).map((t) => t.y))
    expect(xs.size).toBe(1)
    expect(ys.size).toBe(1)
    // Sizes are whole pixels.
    expect(Number.isInteger(plan.width) && Number.isInteger(plan.height)).toBe(true)
    // Column legends sit over their tiles' centres.
    const names = plan.header.columns.filter((b) => b.bold)
    names.forEach((b, i) => expect(b.x).toBe(plan.tiles[i]!.x + 128))
  })

  it('grows with cells: one more column adds a tile and a gap to the width', () => {
    const a = planGridImage(layout(2, 3, { cellWidth: 200 }), () => portrait)
    const b = planGridImage(layout(2, 4, { cellWidth: 200 }), () => portrait)
    const gap = a.tiles[1]!.x - a.tiles[0]!.x - 200
    expect(b.width - a.width).toBe(200 + gap)
    expect(b.height).toBe(a.height)
  })

  it('keeps each image aspect inside the tile; mixed sizes fit into the tallest', () => {
    const sizes: Record<string, ImageSize> = { 'c0-0': { width: 2048, height: 1536 }, 'c0-1': portrait }
    const plan = planGridImage(layout(1, 2, { cellWidth: 300 }), (id) => sizes[id])
    const [land, port] = plan.tiles
    expect(land!.height).toBe(400)
    expect(land!.image!.width).toBe(300)
    expect(land!.image!.height).toBe(225)
    expect(land!.image!.y).toBe(land!.y + Math.floor((400 - 225) / 2))
    expect(port!.image).toEqual({ x: port!.x, y: port!.y, width: 300, height: 400 })
    expect(tileHeight(300, [])).toBe(400)
    expect(fitInside({ x: 0, y: 0, width: 100, height: 100 }, { width: 50, height: 200 })).toEqual({
      x: 37,
      y: 0,
      width: 25,
      height: 100,
    })
  })

  it('draws empty slots for cells without an image and rows shorter than the columns', () => {
    const l = layout(2, 3)
    l.rows[0]!.cells[1] = { cellId: null }
    l.rows[1]!.cells = l.rows[1]!.cells.slice(0, 1)
    const plan = planGridImage(l, (id) => (id === 'c0-2' ? undefined : portrait))
    const empty = plan.tiles.filter((t) => t.image === null).map((t) => [t.row, t.column])
    expect(empty).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
    ])
  })

  it('adds a label band under the tiles only when some cell has a label', () => {
    const plain = planGridImage(layout(2, 2), () => portrait)
    const l = layout(2, 2)
    l.rows[1]!.cells[0] = { cellId: 'c1-0', label: 'seed 42' }
    const labelled = planGridImage(l, () => portrait)
    expect(labelled.rows[0]!.height).toBeGreaterThan(plain.rows[0]!.height)
    const t = labelled.tiles.find((x) => x.label)!
    expect(t.label!.lines).toEqual(['seed 42'])
    expect(t.label!.y).toBeGreaterThan(t.y + t.height)
    expect(t.label!.y).toBeLessThan(t.y + labelled.rows[1]!.height)
  })

  it('wraps the prompt to the row legend and clamps it to the row height with an ellipsis', () => {
    const l = layout(1, 2, { cellWidth: 64 })
    l.rows[0]!.label = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ')
    const plan = planGridImage(l, () => portrait)
    const label = plan.rows[0]!.label
    expect(label.lines.length).toBeGreaterThan(1)
    expect(label.lines.length * label.lineHeight).toBeLessThanOrEqual(plan.rows[0]!.height + label.lineHeight)
    expect(label.lines.at(-1)!.endsWith('…')).toBe(true)
  })

  it('marks a winner only where a cell is, and uses the theme palette', () => {
    const l = layout(1, 2, { theme: 'dark' })
    l.rows[0]!.cells = [
      { cellId: 'c0-0', winner: true },
      { cellId: null, winner: true },
    ]
    const plan = planGridImage(l, () => portrait)
    expect(plan.tiles.map((t) => t.winner)).toEqual([true, false])
    expect(plan.palette.background).toBe('#141418')
  })

  it('has a title band only with a title', () => {
    const a = planGridImage(layout(1, 1), () => portrait)
    const b = planGridImage(layout(1, 1, { title: 'Lighthouses' }), () => portrait)
    expect(a.header.title).toBeNull()
    expect(b.header.title!.lines).toEqual(['Lighthouses'])
    expect(b.height).toBeGreaterThan(a.height)
  })
})

describe('size warnings', () => {
  it('warns above 40 megapixels with a tile width that would fit, and not below', () => {
    const small = planGridImage(layout(3, 4, { cellWidth: 384 }), () => portrait)
    expect(largeWarningOf(small, 384, replanOf(3, 4))).toBeNull()
    const big = planGridImage(layout(10, 20, { cellWidth: 384 }), () => portrait)
    expect(big.megapixels).toBeGreaterThan(40)
    const w = largeWarningOf(big, 384, replanOf(10, 20))!
    expect(w).toMatch(/^This grid image will be [\d,]+ × [\d,]+ pixels \(\d+ megapixels, about \d+ MB as PNG\)/)
    const suggested = Number(/A tile width of (\d+) px/.exec(w)![1])
    expect(suggested).toBeLessThan(384)
    expect(planGridImage(layout(10, 20, { cellWidth: suggested }), () => portrait).megapixels).toBeLessThanOrEqual(40)
    expect(refusalOf(big, 384, replanOf(10, 20))).toBeNull()
  })

  it('refuses past 32,767 pixels a side, saying what to change', () => {
    const wide = planGridImage(layout(1, 40, { cellWidth: 1024 }), () => portrait)
    expect(wide.width).toBeGreaterThan(MAX_SIDE)
    const r = refusalOf(wide, 1024, replanOf(1, 40))!
    expect(r).toMatch(/larger than an image file can reliably hold/)
    const suggested = Number(/Set the tile width to (\d+) px or less/.exec(r)![1])
    expect(planGridImage(layout(1, 40, { cellWidth: suggested }), () => portrait).width).toBeLessThanOrEqual(MAX_SIDE)
    // When no tile width would do, it says to split the grid.
    const huge = planGridImage(layout(500, 60, { cellWidth: 64 }), () => portrait)
    expect(refusalOf(huge, 64, replanOf(500, 60))).toMatch(/Export fewer rows or columns/)
  })
})

describe('gridOverlays', () => {
  it('escapes every text, and draws placeholders, the winner tag and labels only where planned', () => {
    const l = layout(1, 3, { title: 'A & B <script>' })
    l.rows[0]!.label = 'a "quoted" <prompt> & more'
    l.rows[0]!.cells = [{ cellId: 'c0-0', winner: true }, { cellId: null }, { cellId: 'c0-2', label: 'seed <1>' }]
    const plan = planGridImage(l, (id) => (id === 'c0-0' || id === 'c0-2' ? portrait : undefined))
    const overlays = gridOverlays(plan)
    const all = overlays.map((o) => o.svg).join('\n')
    expect(all).toContain('A &amp; B &lt;script&gt;')
    expect(all).toContain('a &quot;quoted&quot; &lt;prompt&gt; &amp; more')
    expect(all).toContain('seed &lt;1&gt;')
    expect(all).not.toMatch(/<script|<prompt/)
    expect(all.split(WINNER_TAG)).toHaveLength(2)
    expect(all.split('url(#hatch)')).toHaveLength(2)
    // Header + one row legend + three marked tiles; every overlay lies inside the image.
    expect(overlays).toHaveLength(5)
    for (const o of overlays) {
      const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(o.svg)!.map(Number)
      expect(o.left + w!).toBeLessThanOrEqual(plan.width)
      expect(o.top + h!).toBeLessThanOrEqual(plan.height)
    }
  })

  it('drops characters XML cannot hold', () => {
    expect(escapeXml('a\u0001b\u0008c\td\n')).toBe('abc\td\n')
  })
})
