import { describe, expect, it } from 'vitest'
import {
  buildRows,
  buildSections,
  columnsFor,
  dayLabel,
  rowOfDay,
} from '../../../src/renderer/src/model/gallery-layout'
import { loadedOrder, needsPage, withPage, type SectionPages } from '../../../src/renderer/src/model/section-pages'

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

describe('section pages', () => {
  type Item = { id: string }
  const page = (ids: string[], nextCursor: string | null) => ({ items: ids.map((id) => ({ id })), nextCursor })

  it('asks for a page until the section is done, appending in order', () => {
    let p: SectionPages<Item> | undefined
    expect(needsPage(p, 0)).toBe(true)
    p = withPage(p, page(['a', 'b'], 'c1'))
    expect(p.cursor).toBe('c1')
    expect(needsPage(p, 1)).toBe(false)
    expect(needsPage(p, 2)).toBe(true)
    p = withPage(p, page(['c'], null))
    expect(p.items.map((i) => i.id)).toEqual(['a', 'b', 'c'])
    expect(p.done).toBe(true)
    expect(needsPage(p, 5)).toBe(false)
  })

  it('an empty page ends the section even with a cursor, so a stale count cannot loop', () => {
    expect(withPage(undefined, page([], 'more')).done).toBe(true)
  })

  it('concatenates sections into the display order', () => {
    const a = withPage<Item>(undefined, page(['a', 'b'], null))
    const c = withPage<Item>(undefined, page(['c'], null))
    expect(loadedOrder(3, (s) => [a, undefined, c][s])).toEqual(['a', 'b', 'c'])
  })
})
