/**
 * The contact sheet and the grid's data, from a real library: the HTML holds every cell with its thumbnail as a
 * data: URL and nothing that reaches the network; the CSV and JSON parse back to the layout's cells.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { GridExportLayoutSchema } from '@shared/contracts/grid-export'
import { createGridExportHandlers } from '../../../src/main/grid-export/grid-export-handlers'
import { createPicksHandlers } from '../../../src/main/picks/picks-handlers'
import { isPlausibleExportName } from '../../../src/main/server/export-file'
import { openRig, type LibraryRig } from '../library/library-rig'
import { makeGrid } from './grid-rig'

let rig: LibraryRig
beforeEach(() => {
  rig = openRig('soul-batch-grid-sheet-')
})
afterEach(() => rig.close())

const handlers = () =>
  createGridExportHandlers({ db: rig.db, home: rig.home, now: () => Date.UTC(2026, 11, 1, 18, 30) })

describe('grid.exportSheet', () => {
  it('writes one self-contained HTML file: every cell, thumbnails as data: URLs, no script, no network', async () => {
    const g = await makeGrid(rig, {
      prompts: ['a lighthouse at dusk <b>bold</b> & "quoted"', 'a fox in snow'],
      styles: 3,
      empty: [[1, 0]],
      winners: [[1, 2]],
    })
    const layout = GridExportLayoutSchema.parse(g.layout)
    const out = await handlers()['grid.exportSheet']({ layout })
    expect(isPlausibleExportName(out.fileName)).toBe(true)
    expect(out.fileName).toMatch(/\.html$/)
    const html = readFileSync(out.path, 'utf8')
    expect(out.bytes).toBe(Buffer.byteLength(html))
    // Every src is a data: URL; no http(s) reference, no script, a CSP that forbids the rest.
    const srcs = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]!)
    expect(srcs).toHaveLength(5)
    for (const s of srcs) expect(s.startsWith('data:image/webp;base64,')).toBe(true)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/<script|<link|@import|url\(/i)
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`)
    // The thumbnails are real images of the stored cells.
    const first = Buffer.from(srcs[0]!.slice('data:image/webp;base64,'.length), 'base64')
    expect((await sharp(first).metadata()).format).toBe('webp')
    // Every cell of the layout is there, in order, the empty one as a placeholder.
    const cells = [...html.matchAll(/<td data-cell="([^"]*)"/g)].map((m) => m[1])
    expect(cells).toEqual(g.cellIds.flat().map((id) => id ?? ''))
    expect(html).toContain('<div class="empty">no image</div>')
    // Labels: columns, prompts (escaped), the winner.
    for (const s of SOUL_STYLES.slice(0, 3)) expect(html).toContain(`<th scope="col">${s.name}`)
    expect(html).toContain('a lighthouse at dusk &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;')
    expect(html).not.toContain('<b>bold</b>')
    expect(html.match(/class="tag">★ winner</g)).toHaveLength(1)
    expect(html).toMatch(new RegExp(`data-cell="${g.cellIds[1]![2]}"><figure class="winner">`))
  })
})

describe('grid.exportData', () => {
  it('CSV: one row per cell with its parameters and winner yes/no; parses back', async () => {
    const g = await makeGrid(rig, {
      prompts: ['a, "tricky"\nprompt', 'a fox in snow'],
      styles: 2,
      empty: [[0, 1]],
      winners: [[1, 0]],
    })
    const layout = GridExportLayoutSchema.parse(g.layout)
    const out = await handlers()['grid.exportData']({ layout, format: 'csv' })
    expect(out.fileName).toMatch(/^soul-batch-data-.*\.csv$/)
    expect(isPlausibleExportName(out.fileName)).toBe(true)
    expect(readFileSync(out.path!, 'utf8')).toBe(out.text)
    expect(out.downloadUrl).toBe(`/exports/${out.fileName}`)
    const rows = parse(out.text, { columns: true, bom: true }) as Record<string, string>[]
    expect(Object.keys(rows[0]!)).toEqual([
      'row',
      'column',
      'cell_id',
      'image_file',
      'prompt',
      'style',
      'seed',
      'size',
      'quality',
      'strength',
      'winner',
    ])
    expect(rows).toHaveLength(4)
    expect(rows.map((r) => r.cell_id)).toEqual(g.cellIds.flat().map((id) => id ?? ''))
    const first = rows[0]!
    expect(first.row).toBe('a, "tricky"\nprompt')
    expect(first.prompt).toBe('a, "tricky"\nprompt')
    expect(first.column).toBe(`${SOUL_STYLES[0]!.name} (seed 7)`)
    expect(first.style).toBe(SOUL_STYLES[0]!.name)
    expect(first.seed).toBe('7')
    expect(first.size).toBe('1536x2048')
    expect(first.strength).toBe('1')
    expect(first.image_file).toMatch(/^images\/.+\.jpg$/)
    expect(rows[1]!.image_file).toBe('')
    expect(rows.map((r) => r.winner)).toEqual(['no', 'no', 'yes', 'no'])
  })

  it('JSON: the layout, every cell with its parameters, and the picks among them', async () => {
    const g = await makeGrid(rig, { prompts: ['one', 'two'], styles: 3, winners: [[0, 2]] })
    const layout = GridExportLayoutSchema.parse(g.layout)
    const out = await handlers()['grid.exportData']({ layout, format: 'json' })
    const doc = JSON.parse(out.text) as {
      app: string
      layout: { columns: { label: string }[]; rows: { label: string }[] }
      cells: {
        cellId: string
        row: number
        column: number
        style: string
        seed: number
        winner: boolean
        prompt: string
      }[]
      judgements: { source: string; list: { winnerCellId: string; loserCellId: string }[] }
    }
    expect(doc.app).toBe('soul-batch')
    expect(doc.layout.rows.map((r) => r.label)).toEqual(['one', 'two'])
    expect(doc.layout.columns.map((c) => c.label)).toEqual(SOUL_STYLES.slice(0, 3).map((s) => s.name))
    expect(doc.cells.map((c) => c.cellId)).toEqual(g.cellIds.flat())
    expect(doc.cells[4]).toMatchObject({
      row: 2,
      column: 2,
      style: SOUL_STYLES[1]!.name,
      seed: 8,
      prompt: 'two',
      winner: false,
    })
    const winner = g.cellIds[0]![2]!
    expect(doc.judgements.list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ winnerCellId: winner, loserCellId: g.cellIds[0]![0] }),
        expect.objectContaining({ winnerCellId: winner, loserCellId: g.cellIds[0]![1] }),
      ]),
    )
    expect(doc.judgements.list).toHaveLength(2)
  })

  it('JSON: the judgements the library stores among the grid cells (picks and duels), not only the winners shown', async () => {
    const g = await makeGrid(rig, { prompts: ['one', 'two'], styles: 3 })
    const picks = createPicksHandlers({ db: rig.db, now: () => 5000 })
    const row0 = g.cellIds[0] as string[]
    const row1 = g.cellIds[1] as string[]
    await picks['picks.pickWinner']({ winnerCellId: row0[1]!, rowCellIds: row0 })
    await picks['picks.duel']({ leftCellId: row1[0]!, rightCellId: row1[2]!, outcome: 'tie' })
    const layout = GridExportLayoutSchema.parse(g.layout)
    const out = await handlers()['grid.exportData']({ layout, format: 'json' })
    const doc = JSON.parse(out.text) as {
      judgements: {
        source: string
        list: { winnerCellId: string; loserCellId: string; tie: boolean; method: string }[]
      }
    }
    expect(doc.judgements.source).toBe('library')
    expect(doc.judgements.list).toHaveLength(3)
    expect(doc.judgements.list.filter((j) => j.method === 'pick').map((j) => [j.winnerCellId, j.tie])).toEqual([
      [row0[1], false],
      [row0[1], false],
    ])
    const duel = doc.judgements.list.find((j) => j.method === 'duel')!
    expect(duel.tie).toBe(true)
    expect([duel.winnerCellId, duel.loserCellId].sort()).toEqual([row1[0], row1[2]].sort())
  })
})
