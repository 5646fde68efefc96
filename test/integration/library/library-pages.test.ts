import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LibraryFilter, LibraryItem, LibrarySort } from '@shared/contracts/library'
import { listPage } from '../../../src/main/db/library'
import { dayCounts, facets, walkDays } from '../../../src/main/db/library-facets'
import { createLibraryHandlers } from '../../../src/main/library/library-handlers'
import { addBatch, addImage, openRig, STYLE, STYLE2, type LibraryRig } from './library-rig'

let rig: LibraryRig
beforeEach(() => {
  rig = openRig()
})
afterEach(() => rig.close())

const handlers = () => createLibraryHandlers({ db: rig.db, home: rig.home, now: () => 9_000_000, log: rig.log })

/** Every page of a listing, following nextCursor to the end. */
function all(filter: LibraryFilter, sort: LibrarySort = 'newest', limit = 3): LibraryItem[] {
  const out: LibraryItem[] = []
  let cursor: string | null = null
  for (let guard = 0; guard < 100; guard++) {
    const page = listPage(rig.db, { filter, sort, limit, cursor })
    out.push(...page.items)
    if (!page.nextCursor) return out
    cursor = page.nextCursor
  }
  throw new Error('paging did not end')
}

async function seed(): Promise<{ batchA: string; batchB: string; ids: string[] }> {
  const batchA = addBatch(rig.db, 'Harbour studies')
  const batchB = addBatch(rig.db, 'Winter foxes')
  const ids: string[] = []
  const prompts = ['a lighthouse at dusk', 'a red fox in snow', 'a lighthouse in fog', 'an old harbour crane']
  for (let i = 0; i < 10; i++) {
    ids.push(
      await addImage(rig, {
        batchId: i < 6 ? batchA : batchB,
        prompt: prompts[i % prompts.length]!,
        styleId: i % 2 ? STYLE2.id : STYLE.id,
        seed: 1000 + i,
        // two images share a timestamp: the id breaks the tie, and no page repeats or skips one
        createdAt: 1_700_000_000_000 + (i === 5 ? 4 : i) * 3_600_000,
      }),
    )
  }
  return { batchA, batchB, ids }
}

describe('library pages (real SQLite, keyset cursors)', () => {
  it('pages newest, oldest and by rating through every image exactly once, in order', async () => {
    const { ids } = await seed()
    const newest = all({})
    expect(newest).toHaveLength(10)
    expect(new Set(newest.map((i) => i.id))).toEqual(new Set(ids))
    const keys = newest.map((i) => [i.createdAt, i.id] as const)
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1]!, keys[i]!]
      expect(a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])).toBe(true)
    }
    expect(all({}, 'oldest').map((i) => i.id)).toEqual(newest.map((i) => i.id).reverse())

    handlers()['library.mark']({ ids: [ids[3]!], rating: 5 })
    handlers()['library.mark']({ ids: [ids[7]!, ids[1]!], rating: 3 })
    const rated = all({}, 'rating', 2)
    expect(rated).toHaveLength(10)
    expect(rated.slice(0, 3).map((i) => i.rating)).toEqual([5, 3, 3])
    expect(rated[0]!.id).toBe(ids[3])
    expect(rated.slice(3).every((i) => i.rating === null)).toBe(true)
    expect(all({ minRating: 3 }, 'rating')).toHaveLength(3)
    // Read backwards from the bottom (how the gallery loads the end of the rating order): the exact reverse,
    // page by page along the same index, ties on rating and time broken by id as in the forward walk.
    const backwards = all({}, 'rating-asc', 2)
    expect(backwards.map((i) => i.id)).toEqual(rated.map((i) => i.id).reverse())
    expect(all({ minRating: 3 }, 'rating-asc', 1).map((i) => i.id)).toEqual(
      all({ minRating: 3 }, 'rating', 1)
        .map((i) => i.id)
        .reverse(),
    )
    // A forward cursor is not a backward one: refused in words, not misread.
    const forward = listPage(rig.db, { filter: {}, sort: 'rating', limit: 2 })
    expect(() => listPage(rig.db, { filter: {}, sort: 'rating-asc', limit: 2, cursor: forward.nextCursor })).toThrow(
      /not valid for this sort order/,
    )
  })

  it('gives the total on the first page when asked, and refuses a cursor from another sort in words', async () => {
    await seed()
    expect(listPage(rig.db, { filter: {}, sort: 'newest', limit: 4 }).total).toBeNull()
    expect(listPage(rig.db, { filter: { text: 'fox' }, sort: 'rating', limit: 1, withTotal: true }).total).toBe(6) // 3 prompts + batch "Winter foxes"
    const first = listPage(rig.db, { filter: {}, sort: 'newest', limit: 4, withTotal: true })
    expect(first.total).toBe(10)
    const second = listPage(rig.db, { filter: {}, sort: 'newest', limit: 4, cursor: first.nextCursor, withTotal: true })
    expect(second.total).toBeNull()
    expect(() => listPage(rig.db, { filter: {}, sort: 'rating', limit: 4, cursor: first.nextCursor })).toThrow(
      /page position is not valid for this sort/,
    )
    expect(() => listPage(rig.db, { filter: {}, sort: 'newest', limit: 4, cursor: 'not-a-cursor' })).toThrow(
      /reload the library/,
    )
  })

  it('searches prompt, style name, batch name, tags and seed (prefixes, several words)', async () => {
    const { ids } = await seed()
    expect(all({ text: 'lighthouse' }).every((i) => i.prompt.includes('lighthouse'))).toBe(true)
    expect(all({ text: 'lighthouse' })).toHaveLength(5)
    expect(all({ text: 'light fog' }).map((i) => i.prompt)).toEqual(['a lighthouse in fog', 'a lighthouse in fog'])
    expect(all({ text: 'winter' })).toHaveLength(4) // batch name
    expect(all({ text: STYLE2.name })).toHaveLength(5) // style name
    expect(all({ text: '1007' }).map((i) => i.id)).toEqual([ids[7]]) // seed as text
    handlers()['library.mark']({ ids: [ids[2]!], addTags: ['keeper'] })
    expect(all({ text: 'keeper' }).map((i) => i.id)).toEqual([ids[2]])
    // FTS syntax in the box is read as words, never as a query language
    expect(all({ text: 'lighthouse" OR fox*' })).toHaveLength(0)
    expect(all({ text: '"(' })).toHaveLength(10)
  })

  it('filters by batch, style, dates, starred and tag, alone and combined, in every sort', async () => {
    const { batchA, batchB, ids } = await seed()
    expect(all({ batchId: batchB }).every((i) => i.batchId === batchB)).toBe(true)
    expect(all({ batchId: batchA })).toHaveLength(6)
    expect(all({ styleIds: [STYLE2.id] })).toHaveLength(5)
    expect(all({ styleIds: [STYLE.id, STYLE2.id] })).toHaveLength(10)
    const from = 1_700_000_000_000 + 2 * 3_600_000
    const to = 1_700_000_000_000 + 5 * 3_600_000
    expect(all({ from, to }).map((i) => i.createdAt)).toEqual([
      from + 2 * 3_600_000,
      from + 2 * 3_600_000,
      from + 3_600_000,
      from,
    ])
    handlers()['library.mark']({ ids: [ids[0]!, ids[9]!], starred: true, addTags: ['Print'] })
    expect(
      all({ starred: true })
        .map((i) => i.id)
        .sort(),
    ).toEqual([ids[0], ids[9]].sort())
    expect(all({ starred: true, batchId: batchB }).map((i) => i.id)).toEqual([ids[9]])
    expect(all({ tag: 'print' }, 'oldest').map((i) => i.id)).toEqual([ids[0], ids[9]])
    expect(all({ tag: 'print', text: 'fox' }, 'rating').map((i) => i.id)).toEqual([ids[9]])
    expect(all({ tag: 'print', text: 'crane' }, 'rating')).toHaveLength(0)
    expect(all({ starred: true, styleIds: [STYLE.id] }, 'rating').map((i) => i.id)).toEqual([ids[0]])
  })

  it('marks: star, rating, tags added and removed; unused tags leave the facets', async () => {
    const { ids } = await seed()
    const h = handlers()
    const { items } = h['library.mark']({ ids: [ids[1]!], starred: true, rating: 4, addTags: ['b-side', 'Blue'] })
    expect(items[0]).toMatchObject({ starred: true, rating: 4, tags: ['b-side', 'Blue'] })
    expect(h['library.mark']({ ids: [ids[1]!], rating: null, removeTags: ['blue'] }).items[0]).toMatchObject({
      rating: null,
      tags: ['b-side'],
    })
    expect((await facets(rig.db, false)).tags).toEqual([{ name: 'b-side', count: 1 }])
    expect(() => h['library.mark']({ ids: [ids[1]!] })).toThrow(/Say what to mark/)
  })

  it('trash and undo: trashed images leave the library and appear in the trash; restore brings back only those', async () => {
    const { ids } = await seed()
    const h = handlers()
    expect(h['library.trash']({ ids: [ids[0]!] }).ids).toEqual([ids[0]])
    const { ids: moved } = h['library.trash']({ ids: [ids[0]!, ids[1]!, ids[2]!] })
    expect(moved).toEqual([ids[1], ids[2]]) // the first was already there: Undo must not restore it
    expect(all({})).toHaveLength(7)
    expect(
      all({ trashed: true })
        .map((i) => i.id)
        .sort(),
    ).toEqual([ids[0], ids[1], ids[2]].sort())
    expect(all({ trashed: true }, 'rating')).toHaveLength(3)
    expect((await facets(rig.db, false)).trashed).toBe(3)
    expect(h['library.restore']({ ids: moved }).ids).toEqual(moved)
    expect(all({})).toHaveLength(9)
    expect(all({ trashed: true }).map((i) => i.id)).toEqual([ids[0]])
  })

  it('emptying the trash removes the files (image, sidecar, thumbnail) and the rows together', async () => {
    const { ids } = await seed()
    const h = handlers()
    const doomed = listPage(rig.db, { filter: {}, sort: 'oldest', limit: 2 }).items
    const detail = h['library.get']({ id: doomed[0]!.id })
    const files = [detail.path, `${detail.path}.json`].map((p) => join(rig.home, p))
    expect(files.every((f) => existsSync(f))).toBe(true)
    h['library.trash']({ ids: doomed.map((i) => i.id) })
    expect(await h['library.emptyTrash']()).toEqual({ deleted: 2 })
    expect(files.some((f) => existsSync(f))).toBe(false)
    expect(all({ trashed: true })).toHaveLength(0)
    expect(all({})).toHaveLength(8)
    expect(() => h['library.get']({ id: doomed[0]!.id })).toThrow(/no longer in the library/)
    expect(all({ text: 'lighthouse' }).some((i) => i.id === doomed[0]!.id)).toBe(false)
    expect(ids).toHaveLength(10)
  })

  it('counts images per local day, newest first, with bounds usable as a filter', async () => {
    const batch = addBatch(rig.db, 'days')
    const day = Date.UTC(2026, 10, 30)
    for (const at of [day + 1_000, day + 23 * 3_600_000, day + 25 * 3_600_000, day + 49 * 3_600_000]) {
      await addImage(rig, { batchId: batch, prompt: 'x', createdAt: at })
    }
    const utc = dayCounts(rig.db, {}, 0)
    expect(utc.map((d) => [d.day, d.count])).toEqual([
      ['2026-12-02', 1],
      ['2026-12-01', 1],
      ['2026-11-30', 2],
    ])
    expect(all({ from: utc[2]!.start, to: utc[2]!.end })).toHaveLength(2)
    // A date range lists only the days it covers (the gallery's day sections, and its total)
    expect(dayCounts(rig.db, { from: utc[2]!.start, to: utc[1]!.end }, 0).map((d) => d.day)).toEqual([
      '2026-12-01',
      '2026-11-30',
    ])
    expect(dayCounts(rig.db, { from: utc[0]!.start }, 0).map((d) => d.day)).toEqual(['2026-12-02'])
    // New York (getTimezoneOffset() = 300): 01:00 UTC of the 2nd is the evening of the 1st there, and so on
    const ny = dayCounts(rig.db, {}, 300)
    expect(ny.map((d) => [d.day, d.count])).toEqual([
      ['2026-12-01', 1],
      ['2026-11-30', 2],
      ['2026-11-29', 1],
    ])
  })

  it("answers the first section's first page with the day counts (newest day, oldest day, or all by rating)", async () => {
    const batch = addBatch(rig.db, 'first page')
    const day = Date.UTC(2026, 10, 30)
    for (const at of [day + 1_000, day + 2_000, day + 25 * 3_600_000, day + 49 * 3_600_000]) {
      await addImage(rig, { batchId: batch, prompt: 'x', createdAt: at })
    }
    const dates = (sort: LibrarySort) =>
      handlers()['library.dates']({ filter: {}, tzOffsetMinutes: 0, firstPage: { sort, limit: 1 } })
    const newest = dates('newest')
    expect(newest.first?.key).toBe('2026-12-02')
    expect(newest.first?.page.items.map((i) => i.createdAt)).toEqual([day + 49 * 3_600_000])
    const oldest = dates('oldest')
    expect(oldest.first?.key).toBe('2026-11-30')
    // the oldest day holds two images: a page of one, and a cursor into the rest of that day only
    expect(oldest.first?.page.items.map((i) => i.createdAt)).toEqual([day + 1_000])
    const rest = listPage(rig.db, {
      filter: { from: oldest.days[2]!.start, to: oldest.days[2]!.end },
      sort: 'oldest',
      limit: 5,
      cursor: oldest.first!.page.nextCursor,
    })
    expect(rest.items.map((i) => i.createdAt)).toEqual([day + 2_000])
    expect(dates('rating').first?.key).toBe('all')
    // without firstPage, the answer is the day counts alone; an empty library has no first section
    expect(handlers()['library.dates']({ filter: {}, tzOffsetMinutes: 0 }).first).toBeUndefined()
    expect(
      handlers()['library.dates']({
        filter: { tag: 'none' },
        tzOffsetMinutes: 0,
        firstPage: { sort: 'newest', limit: 5 },
      }).first,
    ).toBeNull()
  })

  it('facets list styles, batches and tags with counts', async () => {
    const { batchA } = await seed()
    const f = await facets(rig.db, false)
    expect(f.styles.map((s) => [s.name, s.count]).sort()).toEqual([
      [STYLE.name, 5],
      [STYLE2.name, 5],
    ])
    expect(f.batches.find((b) => b.id === batchA)).toMatchObject({ name: 'Harbour studies', count: 6 })
    expect(f.trashed).toBe(0)
  })
})

describe('cached counts follow the library', () => {
  it('day counts and facets change when images come, go or are marked, and not otherwise', async () => {
    const batch = addBatch(rig.db, 'cache')
    const a = await addImage(rig, { batchId: batch, prompt: 'x', createdAt: Date.UTC(2026, 0, 1) })
    const h = handlers()
    expect(dayCounts(rig.db, {}, 0).map((d) => d.count)).toEqual([1])
    expect(dayCounts(rig.db, { starred: true }, 0)).toEqual([])
    expect((await facets(rig.db, false)).batches.find((b) => b.id === batch)?.count).toBe(1)
    h['library.mark']({ ids: [a], starred: true, addTags: ['t'] })
    expect(dayCounts(rig.db, { starred: true }, 0).map((d) => d.count)).toEqual([1])
    expect((await facets(rig.db, false)).tags).toEqual([{ name: 't', count: 1 }])
    await addImage(rig, { batchId: batch, prompt: 'y', createdAt: Date.UTC(2026, 0, 1, 5) })
    expect(dayCounts(rig.db, {}, 0).map((d) => d.count)).toEqual([2])
    expect((await facets(rig.db, false)).batches.find((b) => b.id === batch)?.count).toBe(2)
    h['library.trash']({ ids: [a] })
    expect(dayCounts(rig.db, {}, 0).map((d) => d.count)).toEqual([1])
    expect(await facets(rig.db, false)).toMatchObject({ trashed: 1, tags: [] })
    expect((await facets(rig.db, true)).tags).toEqual([{ name: 't', count: 1 }])
  })
})

describe('day counts from the hour counts (migration 011)', () => {
  it('agree with a walk of the index through inserts, trash, restore and deletes, in whole-hour zones', async () => {
    const a = addBatch(rig.db, 'hours a')
    const start = Date.UTC(2026, 9, 1, 22, 30)
    const ids: string[] = []
    for (let i = 0; i < 24; i++) {
      ids.push(await addImage(rig, { batchId: a, prompt: `h${i}`, createdAt: start + i * 2_900_000 }))
    }
    const same = (): void => {
      for (const tz of [0, 300, -60, -600, 840]) {
        for (const filter of [{}, { trashed: true }, { trashed: false, styleIds: [] }]) {
          expect(dayCounts(rig.db, filter, tz), `tz ${tz} ${JSON.stringify(filter)}`).toEqual(
            walkDays(rig.db, filter, tz),
          )
        }
      }
    }
    same()
    expect(dayCounts(rig.db, {}, 0).reduce((n, d) => n + d.count, 0)).toBe(24)
    const h = handlers()
    h['library.trash']({ ids: ids.slice(0, 7) })
    same()
    expect(dayCounts(rig.db, { trashed: true }, 0).reduce((n, d) => n + d.count, 0)).toBe(7)
    h['library.restore']({ ids: ids.slice(0, 3) })
    same()
    await h['library.emptyTrash']()
    same()
    expect(dayCounts(rig.db, {}, 0).reduce((n, d) => n + d.count, 0)).toBe(20)
    expect(dayCounts(rig.db, { trashed: true }, 0)).toEqual([])
    // A half-hour zone walks the index (an hour bucket may straddle its midnight); the answer is the same kind.
    expect(dayCounts(rig.db, {}, -330).reduce((n, d) => n + d.count, 0)).toBe(20)
  })
})
