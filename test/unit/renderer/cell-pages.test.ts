import { describe, expect, it } from 'vitest'
import {
  addSlots,
  buildGridLayout,
  firstIncompleteRow,
  mergePage,
  rowsCompletedByPage,
  slotKey,
} from '../../../src/renderer/src/model/grid-layout'
import { STYLE_A, STYLE_B, cellOf, detailOf } from './cells'

describe('a big batch paged into the grid', () => {
  it('a page completes the rows before the one its continuation starts in, or all the rest when it is last', () => {
    expect(rowsCompletedByPage(0, { promptIndex: 3 }, 10)).toEqual([0, 1, 2])
    expect(rowsCompletedByPage(7, null, 10)).toEqual([7, 8, 9])
    // A page cut inside its first row completes nothing (the loader then stops rather than loop).
    expect(rowsCompletedByPage(4, { promptIndex: 4 }, 10)).toEqual([])
  })

  it('finds the first row of a range still to load', () => {
    const complete = new Set([0, 1, 2, 5])
    expect(firstIncompleteRow(complete, 0, 2)).toBeNull()
    expect(firstIncompleteRow(complete, 1, 6)).toBe(3)
    expect(firstIncompleteRow(complete, -3, 0)).toBeNull()
  })

  it('adds a page to what is loaded, keeping other pages and the newer copy of a cell', () => {
    const a = cellOf({ promptIndex: 0, styleId: STYLE_A, state: 'processing', updatedAt: 5 })
    const b = cellOf({ promptIndex: 1, styleId: STYLE_A, state: 'pending', updatedAt: 1 })
    const newerA = { ...a, state: 'saved' as const, updatedAt: 9 }
    const loaded = { [a.id]: newerA }
    const merged = mergePage(loaded, [a, b])
    expect(merged[a.id]).toBe(newerA)
    expect(merged[b.id]).toBe(b)
    expect(loaded).toEqual({ [a.id]: newerA }) // a copy: the store's old state is not touched
  })

  it('records the slots of a page in the layout, and says whether any was new', () => {
    const detail = detailOf(['a', 'b'], [STYLE_A, STYLE_B])
    const firstRow = detail.cells.filter((c) => c.promptIndex === 0)
    const layout = buildGridLayout({ matrix: detail.matrix, cells: firstRow })
    expect(layout.slots.size).toBe(2)
    expect(layout.rows[1]!.styles).toEqual([STYLE_A, STYLE_B])
    const second = detail.cells.filter((c) => c.promptIndex === 1)
    expect(addSlots(layout, second)).toBe(true)
    expect(addSlots(layout, second)).toBe(false)
    expect(layout.slots.get(slotKey(1, STYLE_B, 0))).toBe(second.find((c) => c.styleId === STYLE_B)!.id)
  })
})
