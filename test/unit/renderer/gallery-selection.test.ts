import { describe, expect, it } from 'vitest'
import {
  EMPTY_SELECTION,
  clickSelect,
  keepShown,
  moveFocus,
  selectAll,
  selectedInOrder,
  toggleFocused,
  type Selection,
} from '../../../src/renderer/src/model/gallery-selection'

const ORDER = ['a', 'b', 'c', 'd', 'e', 'f']
const plain = { shift: false, toggle: false }
const shift = { shift: true, toggle: false }
const ctrl = { shift: false, toggle: true }
const ctrlShift = { shift: true, toggle: true }
const ids = (s: Selection): string[] => selectedInOrder(s, ORDER)

describe('gallery selection by mouse', () => {
  it('a click selects one tile and sets the anchor', () => {
    const s = clickSelect(clickSelect(EMPTY_SELECTION, ORDER, 'b', plain), ORDER, 'd', plain)
    expect(ids(s)).toEqual(['d'])
    expect(s.anchor).toBe('d')
  })

  it('shift-click selects the range from the anchor, both ways, and re-ranges from the same anchor', () => {
    let s = clickSelect(EMPTY_SELECTION, ORDER, 'c', plain)
    s = clickSelect(s, ORDER, 'e', shift)
    expect(ids(s)).toEqual(['c', 'd', 'e'])
    s = clickSelect(s, ORDER, 'a', shift)
    expect(ids(s)).toEqual(['a', 'b', 'c'])
    expect(s.anchor).toBe('c')
  })

  it('ctrl-click toggles one tile and moves the anchor; ctrl-shift adds a range', () => {
    let s = clickSelect(EMPTY_SELECTION, ORDER, 'a', plain)
    s = clickSelect(s, ORDER, 'c', ctrl)
    expect(ids(s)).toEqual(['a', 'c'])
    s = clickSelect(s, ORDER, 'a', ctrl)
    expect(ids(s)).toEqual(['c'])
    s = clickSelect(s, ORDER, 'e', ctrl)
    s = clickSelect(s, ORDER, 'f', ctrlShift)
    expect(ids(s)).toEqual(['c', 'e', 'f'])
  })

  it('shift-click with no anchor selects just that tile', () => {
    expect(ids(clickSelect(EMPTY_SELECTION, ORDER, 'd', shift))).toEqual(['d'])
  })
})

describe('gallery selection by keyboard', () => {
  it('arrows move the focus (clamped), shift+arrows extend from the anchor', () => {
    let s = moveFocus(EMPTY_SELECTION, ORDER, 1, false)
    expect(s.focus).toBe('a')
    s = moveFocus(s, ORDER, 3, false)
    expect(ids(s)).toEqual(['d'])
    s = moveFocus(s, ORDER, 1, true)
    s = moveFocus(s, ORDER, 1, true)
    expect(ids(s)).toEqual(['d', 'e', 'f'])
    s = moveFocus(s, ORDER, 10, true)
    expect(s.focus).toBe('f')
    s = moveFocus(s, ORDER, -5, true)
    expect(ids(s)).toEqual(['a', 'b', 'c', 'd'])
    expect(moveFocus(EMPTY_SELECTION, ORDER, -1, false).focus).toBe('f')
    expect(moveFocus(EMPTY_SELECTION, [], 1, false)).toBe(EMPTY_SELECTION)
  })

  it('space toggles the focused tile; select all takes every loaded tile', () => {
    let s = moveFocus(EMPTY_SELECTION, ORDER, 1, false)
    s = toggleFocused(s)
    expect(ids(s)).toEqual([])
    s = toggleFocused(s)
    expect(ids(s)).toEqual(['a'])
    expect(ids(selectAll(s, ORDER))).toEqual(ORDER)
    expect(toggleFocused(EMPTY_SELECTION)).toBe(EMPTY_SELECTION)
  })

  it('forgets tiles that left the view (trashed, filtered out) and keeps the rest', () => {
    const s = clickSelect(clickSelect(EMPTY_SELECTION, ORDER, 'b', plain), ORDER, 'd', shift)
    const kept = keepShown(s, new Set(['a', 'c', 'd']))
    expect(ids(kept)).toEqual(['c', 'd'])
    expect(kept.anchor).toBeNull()
    expect(kept.focus).toBe('d')
    expect(keepShown(s, new Set(ORDER))).toBe(s)
  })
})
