import { describe, expect, it } from 'vitest'
import {
  EMPTY_QUERY,
  dayEnd,
  dayStart,
  isFiltered,
  localDay,
  type LibraryQuery,
} from '../../../src/renderer/src/model/library-query'
import {
  COMPOSE_ROUTE,
  isNewHistoryEntry,
  libraryRoute,
  parseRoute,
  routeToSearch,
  type Route,
} from '../../../src/renderer/src/model/route'
import { filterOf, sectionFilter } from '../../../src/renderer/src/model/library-filter'

const FULL: LibraryQuery = {
  text: 'fox in snow & "quotes"',
  styleIds: ['style-a', 'style-b'],
  batchId: 'b-1',
  from: '2026-11-01',
  to: '2026-11-30',
  starred: true,
  minRating: 4,
  tag: 'keeper',
  trashed: false,
  sort: 'oldest',
}

describe('route <-> URL', () => {
  it('round-trips every view and every filter', () => {
    const routes: Route[] = [
      COMPOSE_ROUTE,
      { view: 'batch', batchId: 'abc-123' },
      libraryRoute(),
      libraryRoute(FULL),
      libraryRoute({ ...EMPTY_QUERY, trashed: true, sort: 'rating' }, 'img-9'),
    ]
    for (const route of routes) expect(parseRoute(routeToSearch(route))).toEqual(route)
  })

  it('keeps a plain gallery URL plain and the home URL empty', () => {
    expect(routeToSearch(libraryRoute())).toBe('?view=library')
    expect(routeToSearch(COMPOSE_ROUTE)).toBe('')
    expect(routeToSearch(libraryRoute({ ...EMPTY_QUERY, starred: true }))).toBe('?view=library&starred=1')
  })

  it('falls back to defaults for junk a person or an old link may carry', () => {
    expect(parseRoute('?view=nothing')).toEqual(COMPOSE_ROUTE)
    expect(parseRoute('?view=batch')).toEqual(COMPOSE_ROUTE)
    const junk = parseRoute('?view=library&sort=sideways&rating=9&from=2026-13-45&starred=yes&style=,,')
    expect(junk).toEqual(libraryRoute())
    expect(parseRoute('?view=library&rating=2.5')).toEqual(libraryRoute())
  })

  it('reads a date range typed backwards as the days between', () => {
    const route = parseRoute('?view=library&from=2026-11-30&to=2026-11-01')
    expect(route).toMatchObject({ query: { from: '2026-11-01', to: '2026-11-30' } })
  })

  it('bounds what a URL can carry', () => {
    const route = parseRoute(`?view=library&q=${'x'.repeat(5000)}&batch=${'y'.repeat(5000)}`)
    expect(route.view === 'library' && route.query.text.length).toBe(500)
    expect(route.view === 'library' && route.query.batchId?.length).toBe(200)
  })

  it('pushes a history entry for a new view or filter, replaces it while typing or stepping images', () => {
    const base = libraryRoute()
    expect(isNewHistoryEntry(COMPOSE_ROUTE, base)).toBe(true)
    expect(isNewHistoryEntry(base, libraryRoute({ ...EMPTY_QUERY, starred: true }))).toBe(true)
    expect(isNewHistoryEntry(base, libraryRoute({ ...EMPTY_QUERY, text: 'f' }))).toBe(false)
    expect(isNewHistoryEntry(base, libraryRoute(EMPTY_QUERY, 'a'))).toBe(true)
    expect(isNewHistoryEntry(libraryRoute(EMPTY_QUERY, 'a'), libraryRoute(EMPTY_QUERY, 'b'))).toBe(false)
    expect(isNewHistoryEntry(base, base)).toBe(false)
    expect(isNewHistoryEntry({ view: 'batch', batchId: 'a' }, { view: 'batch', batchId: 'b' })).toBe(true)
  })
})

describe('library query', () => {
  it('says whether a filter narrows the library (sort alone does not)', () => {
    expect(isFiltered(EMPTY_QUERY)).toBe(false)
    expect(isFiltered({ ...EMPTY_QUERY, sort: 'rating' })).toBe(false)
    expect(isFiltered({ ...EMPTY_QUERY, text: '  ' })).toBe(false)
    expect(isFiltered({ ...EMPTY_QUERY, tag: 'x' })).toBe(true)
    expect(isFiltered(FULL)).toBe(true)
  })

  it('turns local days into instants and back', () => {
    const start = dayStart('2026-03-08')
    const end = dayEnd('2026-03-08')
    expect(localDay(start)).toBe('2026-03-08')
    expect(localDay(end - 1)).toBe('2026-03-08')
    expect(localDay(end)).toBe('2026-03-09')
    // 23, 24 or 25 hours, whatever the machine's zone does that day.
    expect([23, 24, 25]).toContain((end - start) / 3_600_000)
  })
})

describe('library filter for the core', () => {
  it('sends only what narrows, with days as local-midnight bounds', () => {
    expect(filterOf(EMPTY_QUERY)).toEqual({})
    expect(filterOf({ ...EMPTY_QUERY, text: '  ' })).toEqual({})
    expect(filterOf(FULL)).toEqual({
      text: FULL.text,
      styleIds: FULL.styleIds,
      batchId: 'b-1',
      from: dayStart('2026-11-01'),
      to: dayEnd('2026-11-30'),
      starred: true,
      minRating: 4,
      tag: 'keeper',
    })
    expect(filterOf({ ...EMPTY_QUERY, trashed: true })).toEqual({ trashed: true })
  })

  it("narrows a section to its day, inside the person's own range", () => {
    const day = { start: 1000, end: 2000 }
    expect(sectionFilter({ starred: true }, day)).toEqual({ starred: true, from: 1000, to: 2000 })
    expect(sectionFilter({ from: 1500, to: 5000 }, day)).toEqual({ from: 1500, to: 2000 })
    expect(sectionFilter({ from: 0, to: 1200 }, day)).toEqual({ from: 1000, to: 1200 })
    expect(sectionFilter({ tag: 'x' }, null)).toEqual({ tag: 'x' })
  })
})
