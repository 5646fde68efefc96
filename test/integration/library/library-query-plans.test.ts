import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LibraryFilter, LibrarySort } from '@shared/contracts/library'
import { countQuery, pageQuery, type SortKey } from '../../../src/main/db/library-query'
import { openRig, STYLE, STYLE2, type LibraryRig } from './library-rig'

/**
 * Every gallery page shape is an index range walk: EXPLAIN QUERY PLAN shows no SCAN of the images table and no
 * temporary b-tree (a sort or grouping of every matching row), on the first page and on later ones.
 */
let rig: LibraryRig
beforeAll(() => {
  rig = openRig()
})
afterAll(() => rig.close())

const FILTERS: Record<string, LibraryFilter> = {
  none: {},
  batch: { batchId: 'b1' },
  style: { styleIds: [STYLE.id] },
  styles: { styleIds: [STYLE.id, STYLE2.id] },
  starred: { starred: true },
  unstarred: { starred: false },
  rating: { minRating: 3 },
  dates: { from: 1, to: 2_000_000_000_000 },
  tag: { tag: 'print' },
  text: { text: 'lighthouse dusk' },
  'batch+style+starred+rating+dates+tag+text': {
    batchId: 'b1',
    styleIds: [STYLE.id],
    starred: true,
    minRating: 2,
    from: 1,
    to: 2,
    tag: 'x',
    text: 'fox',
  },
}
const SORTS: LibrarySort[] = ['newest', 'oldest', 'rating', 'rating-asc']

function plan(sql: string, params: unknown[]): string[] {
  return (rig.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail)
}

function assertIndexed(lines: string[]): void {
  const bad = lines.filter((l) => /^SCAN (i|images)\b/.test(l) || /TEMP B-TREE/.test(l))
  expect(bad, lines.join('\n')).toEqual([])
}

describe('gallery query plans (EXPLAIN QUERY PLAN on the real schema)', () => {
  for (const trashed of [false, true]) {
    for (const [name, f] of Object.entries(FILTERS)) {
      for (const sort of SORTS) {
        it(`${trashed ? 'trash' : 'library'} · ${name} · ${sort}: first and next page search an index, no sort`, () => {
          const filter = { ...f, trashed }
          const cursor: SortKey = sort.startsWith('rating') ? [3, 1_700_000_000_000, 'id'] : [1_700_000_000_000, 'id']
          const first = pageQuery(filter, sort, null, 100)
          const next = pageQuery(filter, sort, cursor, 100)
          const count = countQuery(filter, sort)
          const firstPlan = plan(first.sql, first.params)
          assertIndexed(firstPlan)
          assertIndexed(plan(next.sql, next.params))
          // The optional total walks every match (inherently), but along the same index: never a sort.
          expect(plan(count.sql, count.params).filter((l) => /TEMP B-TREE|^SCAN images\b/.test(l))).toEqual([])
          // and the walk is the partial index meant for this shape, searched from a bound
          expect(firstPlan.some((l) => /^SEARCH i USING (COVERING )?INDEX images_(live|trash)_/.test(l))).toBe(true)
        })
      }
    }
  }
})
