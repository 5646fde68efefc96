import { describe, expect, it } from 'vitest'
import {
  buildRows,
  buildSections,
  columnsFor,
  dayLabel,
  rowOfDay,
} from '../../../src/renderer/src/model/gallery-layout'
import {
  emptyPages,
  indexOf,
  itemAt,
  loadedOrder,
  pageToFetch,
  replaceIn,
  sectionOrder,
  withPage,
  type SectionPages,
} from '../../../src/renderer/src/model/section-pages'

const day = (d: string, count: number) => ({ day: d, count, start: Date.parse(d), end: Date.parse(d) + 86_400_000 })
const DAYS = [day('2026-11-30', 5), day('2026-11-28', 0), day('2026-11-27', 2), day('2026-11-20', 7)]

describe('gallery layout', () => {
  it('one section per non-empty day, newest first; oldest reverses; rating is one headerless run', () => {
    expect(buildSections(DAYS, 'newest').map((s) => s.day)).toEqual(['2026-11-30', '2026-11-27', '2026-11-20'])
    expect(buildSections(DAYS, 'oldest').map((s) => s.day)).toEqual(['2026-11-20', '2026-11-27', '2026-11-30'])
    expect(buildSections(DAYS, 'rating')).toEqual([{ key: 'all', day: null, count: 14, bounds: null }])
    expect(buildSections(DAYS, 'newest')[0]!.bounds).toEqual({ start: DAYS[0]!.start, end: DAYS[0]!.end })
    expect(buildSections([], 'rating')).toEqual([])
  })

  it('a header then rows of tiles per day, the last row short', () => {
    const rows = buildRows(buildSections(DAYS, 'newest'), 3)
    expect(rows.map((r) => (r.kind === 'header' ? 'H' : r.count)).join(' ')).toBe('H 3 2 H 2 H 3 3 1')
    const tiles = rows.filter((r) => r.kind === 'tiles')
    expect(tiles.map((r) => r.kind === 'tiles' && r.first)).toEqual([0, 3, 0, 0, 3, 6])
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length)
    expect(buildRows(buildSections(DAYS, 'rating'), 5).every((r) => r.kind === 'tiles')).toBe(true)
  })

  it('scales to 100 000 images as a few thousand rows', () => {
    const days = Array.from({ length: 365 }, (_, i) => ({
      day: `d${String(999 - i)}`,
      count: 274,
      start: i,
      end: i + 1,
    }))
    const rows = buildRows(buildSections(days, 'newest'), 6)
    expect(rows.length).toBe(365 * (1 + Math.ceil(274 / 6)))
    expect(rows.reduce((n, r) => n + (r.kind === 'tiles' ? r.count : 0), 0)).toBe(365 * 274)
  })

  it('fits columns to the width', () => {
    expect(columnsFor(1000, 180, 10)).toBe(5)
    expect(columnsFor(100, 180, 10)).toBe(1)
    expect(columnsFor(0, 180, 10)).toBe(1)
  })

  it('jumps to a day, or the nearest one in the scroll direction', () => {
    const newest = buildSections(DAYS, 'newest')
    const rows = buildRows(newest, 3)
    expect(rowOfDay(rows, newest, '2026-11-27', 'newest')).toBe(3)
    expect(rowOfDay(rows, newest, '2026-11-28', 'newest')).toBe(3)
    expect(rowOfDay(rows, newest, '2026-12-25', 'newest')).toBe(0)
    expect(rowOfDay(rows, newest, '2020-01-01', 'newest')).toBe(5)
    const oldest = buildSections(DAYS, 'oldest')
    const oRows = buildRows(oldest, 3)
    expect(rowOfDay(oRows, oldest, '2026-11-21', 'oldest')).toBe(4)
    expect(rowOfDay(oRows, oldest, '2027-01-01', 'oldest')).toBe(6)
    const rating = buildSections(DAYS, 'rating')
    expect(rowOfDay(buildRows(rating, 3), rating, '2026-11-27', 'rating')).toBe(-1)
  })

  it('labels today and yesterday in words', () => {
    expect(dayLabel('2026-11-30', '2026-11-30')).toBe('Today')
    expect(dayLabel('2026-11-29', '2026-11-30')).toBe('Yesterday')
    expect(dayLabel('2026-02-28', '2026-03-01')).toBe('Yesterday')
    expect(dayLabel('2026-02-27', '2026-03-01')).not.toBe('Yesterday')
    expect(dayLabel('2026-11-20', '2026-11-30')).toMatch(/2026/)
  })
})

describe('section pages, from both ends', () => {
  type Item = { id: string }
  const page = (ids: string[], nextCursor: string | null) => ({ items: ids.map((id) => ({ id })), nextCursor })
  const at = (p: SectionPages<Item>, i: number) => itemAt(p, i)?.id

  it('pages from the head until the section is whole', () => {
    let p = emptyPages<Item>(3)
    expect(pageToFetch(p, 0, true)).toBe('head')
    p = withPage(p, 'head', page(['a', 'b'], 'c1'))
    expect(p.headCursor).toBe('c1')
    expect(pageToFetch(p, 1, true)).toBeNull()
    p = withPage(p, 'head', page(['c'], null))
    expect([0, 1, 2].map((i) => at(p, i))).toEqual(['a', 'b', 'c'])
    expect(p.complete).toBe(true)
    expect(pageToFetch(p, 2, true)).toBeNull()
  })

  it('a tile near the bottom of a long day is read from the tail, and both ends meet without repeats', () => {
    let p = emptyPages<Item>(10)
    expect(pageToFetch(p, 9, true)).toBe('tail')
    expect(pageToFetch(p, 2, true)).toBe('head')
    // Without an opposite order (the rating sort) only the head can be read.
    expect(pageToFetch(p, 9, false)).toBe('head')
    p = withPage(p, 'tail', page(['j', 'i', 'h'], 't1'))
    expect([7, 8, 9].map((i) => at(p, i))).toEqual(['h', 'i', 'j'])
    expect(at(p, 6)).toBeUndefined()
    p = withPage(p, 'head', page(['a', 'b', 'c', 'd'], 'h1'))
    expect(p.complete).toBe(false)
    p = withPage(p, 'tail', page(['g', 'f', 'e'], 't2'))
    expect(p.complete).toBe(true)
    expect(sectionOrder(p)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'])
    expect(indexOf(p, 'i')).toBe(8)
    expect(indexOf(p, 'b')).toBe(1)
    expect(indexOf(p, 'z')).toBe(-1)
  })

  it('overlapping ends are listed once', () => {
    let p = withPage(emptyPages<Item>(4), 'head', page(['a', 'b', 'c'], 'h'))
    p = withPage(p, 'tail', page(['d', 'c'], 't'))
    expect(sectionOrder(p)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('a short or empty page ends the section, so a stale count never loops', () => {
    expect(withPage(emptyPages<Item>(5), 'head', page([], 'more')).complete).toBe(true)
    const t = withPage(emptyPages<Item>(5), 'tail', page(['e', 'd'], null))
    expect(t.complete).toBe(true)
    expect([0, 1].map((i) => at(t, i))).toEqual(['d', 'e'])
  })

  it('concatenates sections into the display order and patches items in place', () => {
    const a = withPage(emptyPages<Item>(2), 'head', page(['a', 'b'], null))
    const c = withPage(emptyPages<Item>(1), 'head', page(['c'], null))
    expect(loadedOrder(3, (s) => [a, undefined, c][s])).toEqual(['a', 'b', 'c'])
    const marked = { id: 'b', starred: true }
    const patched = replaceIn<Item & { starred?: boolean }>(a, new Map([['b', marked]]))
    expect(itemAt(patched, 1)).toBe(marked)
    expect(replaceIn(c, new Map([['b', marked]]))).toBe(c)
  })
})
