import { describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import type { CellView } from '@shared/domain'
import { buildGridLayout, slotKey } from '../../../src/renderer/src/model/grid-layout'
import {
  DEFAULT_VIEW,
  buildGridModel,
  lineOf,
  tileMatrix,
  type GridViewOptions,
} from '../../../src/renderer/src/model/grid-model'
import { cellLabel, differingParams, fairnessFlags } from '../../../src/renderer/src/model/grid-params'
import { selectionLayout } from '../../../src/renderer/src/model/grid-selection'
import { exportLayoutOf } from '../../../src/renderer/src/model/grid-export-layout'
import { STYLE_A, STYLE_B, STYLE_C, cellOf, detailOf } from './cells'

const STYLE_D = SOUL_STYLES[3]!.id
const view = (o: Partial<GridViewOptions> = {}): GridViewOptions => ({ ...DEFAULT_VIEW, ...o })

/** A saved cell with some parameters changed. */
function tweak(cell: CellView, params: Partial<CellView['params']>, usedSeed?: number): CellView {
  return {
    ...cell,
    params: { ...cell.params, ...params },
    image: cell.image && usedSeed !== undefined ? { ...cell.image, seed: usedSeed } : cell.image,
  }
}

describe('grid model: axes', () => {
  const detail = detailOf(['p0', 'p1', 'p2'], [STYLE_A, STYLE_B, STYLE_C, STYLE_D])
  const layout = buildGridLayout(detail)

  it('puts prompts on rows and styles on columns, with style names, descriptions and pick numbers', () => {
    const model = buildGridModel(layout, view())
    expect(model.sections).toHaveLength(1)
    const s = model.sections[0]!
    expect(s.rowHeads.map((h) => h.title)).toEqual(['p0', 'p1', 'p2'])
    expect(s.colHeads.map((h) => h.title)).toEqual(SOUL_STYLES.slice(0, 4).map((st) => st.name))
    expect(s.colHeads[1]!.detail).toBe(SOUL_STYLES[1]!.description)
    expect(s.colHeads.map((h) => h.number)).toEqual([1, 2, 3, 4])
    expect(model.third).toBeNull()
    const tiles = tileMatrix(model, layout)[0]!
    expect(tiles).toHaveLength(3)
    expect(tiles[2]![1]).toBe(layout.slots.get(slotKey(2, STYLE_B, 0)))
  })

  it('swapping puts styles on rows and prompts on columns, the same cells transposed', () => {
    const plain = tileMatrix(buildGridModel(layout, view()), layout)[0]!
    const model = buildGridModel(layout, view({ swap: true }))
    const s = model.sections[0]!
    expect(s.rowHeads.map((h) => h.kind)).toEqual(['style', 'style', 'style', 'style'])
    expect(s.colHeads.map((h) => h.title)).toEqual(['p0', 'p1', 'p2'])
    const swapped = tileMatrix(model, layout)[0]!
    expect(swapped).toHaveLength(4)
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(swapped[c]![r]).toBe(plain[r]![c])
  })
})

describe('grid model: third axis', () => {
  const detail = detailOf(['p0', 'p1'], [STYLE_A, STYLE_B], 3)
  const layout = buildGridLayout(detail)

  it('seeds stack as sub-rows by default: 2 prompts × 3 seeds = 6 tile rows of 2', () => {
    const model = buildGridModel(layout, view())
    expect(model.third).toEqual({ kind: 'seed', labels: ['Seed 1', 'Seed 2', 'Seed 3'] })
    const tiles = tileMatrix(model, layout)[0]!
    expect(tiles.map((l) => l.length)).toEqual([2, 2, 2, 2, 2, 2])
    expect(tiles[4]![1]).toBe(layout.slots.get(slotKey(1, STYLE_B, 1)))
  })

  it('side by side makes sub-columns: 2 rows of 2 styles × 3 seeds', () => {
    const tiles = tileMatrix(buildGridModel(layout, view({ third: 'side' })), layout)[0]!
    expect(tiles.map((l) => l.length)).toEqual([6, 6])
    expect(tiles[0]![5]).toBe(layout.slots.get(slotKey(0, STYLE_B, 2)))
  })

  it('as pages shows one seed at a time, clamped to the seeds there are', () => {
    const model = buildGridModel(layout, view({ third: 'pages', page: 9 }))
    expect(model.thirds).toEqual([2])
    const tiles = tileMatrix(model, layout)[0]!
    expect(tiles).toEqual([
      [layout.slots.get(slotKey(0, STYLE_A, 2)), layout.slots.get(slotKey(0, STYLE_B, 2))],
      [layout.slots.get(slotKey(1, STYLE_A, 2)), layout.slots.get(slotKey(1, STYLE_B, 2))],
    ])
  })

  it('a line is one prompt and seed across the styles: what a pick chooses among', () => {
    const model = buildGridModel(layout, view())
    const target = layout.slots.get(slotKey(1, STYLE_B, 2))!
    expect(lineOf(model, layout, target)).toEqual([layout.slots.get(slotKey(1, STYLE_A, 2)), target])
  })
})

describe('grid model: sparse matrices compact', () => {
  // 3 CSV rows over 4 styles, each bringing its own: 2 rows share {A, B}, one uses {C, D}.
  const detail = detailOf(['p0'], [STYLE_A, STYLE_B])
  detail.matrix.prompts.push({ prompt: 'p1', styleIds: [STYLE_C, STYLE_D] }, { prompt: 'p2' })
  detail.cells.push(
    cellOf({ promptIndex: 1, styleId: STYLE_C, withImage: true }),
    cellOf({ promptIndex: 1, styleId: STYLE_D, withImage: true }),
    cellOf({ promptIndex: 2, styleId: STYLE_A, withImage: true }),
    cellOf({ promptIndex: 2, styleId: STYLE_B, withImage: true }),
  )
  const layout = buildGridLayout(detail)

  it('groups rows by their style set so no tile is drawn for a style a row never asked for', () => {
    expect(layout.columns).toHaveLength(4)
    const model = buildGridModel(layout, view())
    expect(model.sections.map((s) => s.rowHeads.map((h) => h.title))).toEqual([['p0', 'p2'], ['p1']])
    expect(model.sections.map((s) => s.colHeads.length)).toEqual([2, 2])
    const tiles = tileMatrix(model, layout)
    expect(tiles.flat(2).filter((id) => id === null)).toHaveLength(0)
    expect(tiles.flat(2)).toHaveLength(6)
  })

  it('without compaction the union of styles leaves empty slots', () => {
    const tiles = tileMatrix(buildGridModel(layout, view({ compact: false })), layout)
    expect(tiles.flat(2)).toHaveLength(12)
    expect(tiles.flat(2).filter((id) => id === null)).toHaveLength(6)
  })

  it('a dense batch stays one section even with compaction on', () => {
    const dense = buildGridLayout(detailOf(['a', 'b'], [STYLE_A, STYLE_B]))
    expect(buildGridModel(dense, view()).sections).toHaveLength(1)
  })
})

describe('labels show only the parameters that differ', () => {
  const [a, b] = detailOf(['p0', 'p1'], [STYLE_A]).cells as [CellView, CellView]

  it('nothing when the cells agree, the differing ones when they do not', () => {
    const same = tweak(b, {}, 100)
    expect(differingParams([a, same])).toEqual([])
    const other = tweak(b, { style_strength: 0.6, quality: '720p' }, 7)
    const keys = differingParams([a, other])
    expect(keys).toEqual(['seed', 'quality', 'strength'])
    expect(cellLabel(other, keys)).toBe('seed 7 · 720p · strength 0.6')
    expect(cellLabel(a, keys)).toBe('seed 100 · default quality · default strength')
  })

  it('a seed not known yet does not count as a difference', () => {
    const waiting = { ...b, image: null, params: { ...b.params, seed: undefined } }
    expect(differingParams([a, waiting])).toEqual([])
  })
})

describe('fairness flags', () => {
  const line = detailOf(['p0'], [STYLE_A, STYLE_B, STYLE_C]).cells as CellView[]

  it('flags a cell whose seed used differs from its row, with the difference in words', () => {
    const retried = tweak(line[2]!, {}, 555)
    const flags = fairnessFlags([line[0]!, line[1]!, retried])
    expect([...flags.keys()]).toEqual([retried.id])
    expect(flags.get(retried.id)).toBe("Seed 555 here; the row's is 100")
  })

  it('flags size, quality and strength differences, together', () => {
    const odd = tweak(line[1]!, { width_and_height: '1536x1536', style_strength: 0.5 })
    const flags = fairnessFlags([line[0]!, odd, line[2]!])
    expect(flags.get(odd.id)).toBe(
      "Size 1536×1536 (1:1) here; the row's is 1536×2048 (3:4); Strength 0.5 here; the row's is the default",
    )
    expect(flags.size).toBe(1)
  })

  it('random-seed batches are not flagged for seeds', () => {
    const retried = tweak(line[2]!, {}, 555)
    expect(fairnessFlags([line[0]!, line[1]!, retried], { seeds: false }).size).toBe(0)
  })
})

describe('a selection of images as a grid', () => {
  const base = detailOf(['p0', 'p1'], [STYLE_A, STYLE_B]).cells as CellView[]
  // The same prompt, seed and style made again at strength 0.5 in another batch.
  const again = { ...tweak(base[0]!, { style_strength: 0.5 }), id: 'again', batchId: 'b2' }

  it('rows are prompt + seed, columns styles, and a second variant sits on a third axis named by its difference', () => {
    const layout = selectionLayout([...base, again])
    expect(layout.columns).toEqual([STYLE_A, STYLE_B])
    expect(layout.rows.map((r) => [r.prompt, r.name])).toEqual([
      ['prompt 0', 'seed 100'],
      ['prompt 1', 'seed 100'],
    ])
    const model = buildGridModel(layout, view({ third: 'side' }))
    expect(model.third!.labels).toEqual(['default strength', 'strength 0.5'])
    expect(layout.slots.get(slotKey(0, STYLE_A, 1))).toBe('again')
    expect(layout.slots.get(slotKey(0, STYLE_A, 0))).toBe(base[0]!.id)
  })

  it('images of one prompt made with different seeds are different rows', () => {
    const other = { ...tweak(base[1]!, { seed: 9 }, 9), id: 'other' }
    const layout = selectionLayout([base[0]!, other])
    expect(layout.rows).toHaveLength(2)
    expect(layout.rows.map((r) => r.name)).toEqual(['seed 100', 'seed 9'])
  })
})

describe('export layout follows the grid as shown', () => {
  const detail = detailOf(['p0', 'p1'], [STYLE_A, STYLE_B], 2)
  const layout = buildGridLayout(detail)
  const cells = Object.fromEntries(detail.cells.map((c) => [c.id, c]))
  const winner = layout.slots.get(slotKey(1, STYLE_B, 0))!

  it('stacked seeds become sub-rows, winners are marked, labels show what differs', () => {
    const model = buildGridModel(layout, view())
    const out = exportLayoutOf({ model, layout, cells, winners: new Set([winner]), labelKeys: ['seed'] })
    if (typeof out === 'string') throw new Error(out)
    expect(out.columns.map((c) => c.label)).toEqual([SOUL_STYLES[0]!.name, SOUL_STYLES[1]!.name])
    expect(out.rows.map((r) => r.label)).toEqual(['p0 · Seed 1', 'p0 · Seed 2', 'p1 · Seed 1', 'p1 · Seed 2'])
    expect(out.rows[2]!.cells[1]).toEqual({ cellId: winner, label: 'seed 100', winner: true })
  })

  it('side-by-side seeds become sub-columns; swapped axes put prompts on top', () => {
    const side = exportLayoutOf({
      model: buildGridModel(layout, view({ third: 'side', swap: true })),
      layout,
      cells,
      winners: new Set(),
      labelKeys: [],
    })
    if (typeof side === 'string') throw new Error(side)
    expect(side.columns).toEqual([
      { label: 'p0', sublabel: 'Seed 1' },
      { label: 'p0', sublabel: 'Seed 2' },
      { label: 'p1', sublabel: 'Seed 1' },
      { label: 'p1', sublabel: 'Seed 2' },
    ])
    expect(side.rows.map((r) => r.label)).toEqual([SOUL_STYLES[0]!.name, SOUL_STYLES[1]!.name])
  })

  it('says so in words when nothing is finished', () => {
    const pending = detailOf(['p0'], [STYLE_A], 1, () => false)
    const l = buildGridLayout(pending)
    const out = exportLayoutOf({
      model: buildGridModel(l, view()),
      layout: l,
      cells: Object.fromEntries(pending.cells.map((c) => [c.id, c])),
      winners: new Set(),
      labelKeys: [],
    })
    expect(out).toBe('No image in this grid is finished yet, so there is nothing to export.')
  })
})
