import type { LibraryFacets, LibraryFilter, LibrarySort } from '@shared/contracts/library'
import { sql, type Db } from './connection'
import { filterWhere } from './library-query'
import { libraryMembership, styleName } from './library'

const DAY_MS = 86_400_000
/** A library spanning more days than this lists the newest ones (years of daily use). */
const MAX_DAYS = 3660

/** Start (ms) of the local day holding `t`, for a fixed offset as `Date.getTimezoneOffset()` gives it. */
export function localDayStart(t: number, tzOffsetMinutes: number): number {
  const shift = tzOffsetMinutes * 60_000
  return Math.floor((t - shift) / DAY_MS) * DAY_MS + shift
}

export function dayLabel(start: number, tzOffsetMinutes: number): string {
  return new Date(start - tzOffsetMinutes * 60_000).toISOString().slice(0, 10)
}

export interface DayCount {
  day: string
  start: number
  end: number
  count: number
}

/**
 * Images per local day, newest first: one walk of the created index (~30 ms of CPU at 100 000 images, measured;
 * a statement per day cost half as much again), cached until images enter or leave the library, or, with a
 * filter on marks, until anything changes.
 */
export function dayCounts(db: Db, filter: LibraryFilter, tzOffsetMinutes: number): DayCount[] {
  const f: LibraryFilter = { ...filter }
  delete f.from
  delete f.to
  const days = memo(db, `days:${JSON.stringify([f, tzOffsetMinutes])}`, changeStamp(db, f), () =>
    countDays(db, f, tzOffsetMinutes),
  )
  // A date range keeps the days it covers (the gallery sends local midnights, so whole days): the counts of the
  // whole library stay cached for every range.
  const { from, to } = filter
  if (from === undefined && to === undefined) return days
  return days.filter((d) => (from === undefined || d.end > from) && (to === undefined || d.start < to))
}

const HOUR_MS = 3_600_000

/** The whole library or the whole trash, in a whole-hour time zone: the hour counts answer (migration 011). */
function fromHours(f: LibraryFilter, tzOffsetMinutes: number): boolean {
  const none = (v: unknown): boolean => v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
  return tzOffsetMinutes % 60 === 0 && Object.entries(f).every(([k, v]) => k === 'trashed' || none(v))
}

function countDays(db: Db, f: LibraryFilter, tzOffsetMinutes: number): DayCount[] {
  const shift = tzOffsetMinutes * 60_000
  if (fromHours(f, tzOffsetMinutes)) {
    // A few thousand hour rows (one per hour that holds an image) instead of every image's index entry.
    const rows = sql(
      db,
      `SELECT (hour * ${HOUR_MS} - CAST(? AS INTEGER)) / ${DAY_MS} AS d, sum(n) AS n FROM image_hours
       WHERE trashed = ? AND n > 0 AND hour * ${HOUR_MS} >= ? GROUP BY d ORDER BY d DESC LIMIT ${MAX_DAYS}`,
    ).all(shift, f.trashed ? 1 : 0, shift) as { d: number; n: number }[]
    return rows.map((r) => dayOf(r, tzOffsetMinutes))
  }
  return walkDays(db, f, tzOffsetMinutes)
}

function dayOf(r: { d: number; n: number }, tzOffsetMinutes: number): DayCount {
  const start = r.d * DAY_MS + tzOffsetMinutes * 60_000
  return { day: dayLabel(start, tzOffsetMinutes), start, end: start + DAY_MS, count: r.n }
}

/** Day counts by walking the index of the filter's shape (any filter, any time zone). */
export function walkDays(db: Db, f: LibraryFilter, tzOffsetMinutes: number): DayCount[] {
  const w = filterWhere(f, 'newest')
  const index = f.trashed
    ? 'images_trash_created'
    : f.batchId !== undefined
      ? 'images_live_batch'
      : 'images_live_created'
  const shift = tzOffsetMinutes * 60_000
  // One walk of the created index, grouped by local day (a small sort of one row per day, not of the images).
  const rows = sql(
    db,
    `SELECT (i.created_at - CAST(? AS INTEGER)) / ${DAY_MS} AS d, count(*) AS n FROM images AS i INDEXED BY ${index}
     WHERE ${w.clauses.join(' AND ')} AND i.created_at >= ? GROUP BY d ORDER BY d DESC LIMIT ${MAX_DAYS}`,
  ).all(shift, ...w.params, shift) as { d: number; n: number }[]
  return rows.map((r) => dayOf(r, tzOffsetMinutes))
}

/**
 * The section the gallery shows first for a sort (its model/gallery-layout.ts builds the same): the newest day,
 * the oldest one, or for the rating sorts the whole library as one section ("all").
 */
export function firstSection(
  days: readonly DayCount[],
  sort: LibrarySort,
): { key: string; bounds: { start: number; end: number } | null } | null {
  const shown = days.filter((d) => d.count > 0)
  if (shown.length === 0) return null
  if (sort === 'rating' || sort === 'rating-asc') return { key: 'all', bounds: null }
  const d = sort === 'oldest' ? shown[shown.length - 1]! : shown[0]!
  return { key: d.day, bounds: { start: d.start, end: d.end } }
}

/** A filter narrowed to a section's bounds (intersected with the person's own date range). */
export function narrowed(filter: LibraryFilter, bounds: { start: number; end: number } | null): LibraryFilter {
  if (!bounds) return filter
  return {
    ...filter,
    from: filter.from === undefined ? bounds.start : Math.max(filter.from, bounds.start),
    to: filter.to === undefined ? bounds.end : Math.min(filter.to, bounds.end),
  }
}

const caches = new WeakMap<Db, Map<string, { stamp: string; value: unknown }>>()

function peek<T>(db: Db, key: string, stamp: string): T | undefined {
  const hit = caches.get(db)?.get(key)
  return hit?.stamp === stamp ? (hit.value as T) : undefined
}

/** A value computed once per stamp (see changeStamp); a few dozen entries per library at most. */
function memo<T>(db: Db, key: string, stamp: string, compute: () => T): T {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  const hit = cache.get(key)
  if (hit?.stamp === stamp) return hit.value as T
  const value = compute()
  if (cache.size >= 32) cache.clear()
  cache.set(key, { stamp, value })
  return value
}

/** Forgets cached day counts and facets (benchmarks measure the uncached cost). */
export function clearLibraryCaches(db: Db): void {
  caches.delete(db)
}

/**
 * A cache key that changes when the answer may. Filters on marks (star, rating, tag, text, which searches tags)
 * change with any write; otherwise only which images are in the library matters (a counter kept by triggers), so
 * starring or tagging does not make the gallery recount 100 000 images.
 */
function changeStamp(db: Db, filter?: LibraryFilter): string {
  const marks =
    !filter ||
    filter.starred !== undefined ||
    filter.minRating !== undefined ||
    filter.tag !== undefined ||
    !!filter.text
  const other = String(db.pragma('data_version', { simple: true }))
  if (marks) return `c${(sql(db, 'SELECT total_changes() AS c').get() as { c: number }).c}:${other}`
  return `m${libraryMembership(db)}:${other}`
}

/**
 * Styles, batches and tags with their counts, for the filter controls. Styles and batches each walk an index over
 * every image (~25 ms of CPU apiece at 100 000), so they run in separate turns of the event loop and are cached
 * until images enter or leave the library (marks do not change them); tags are counted live (only tagged images).
 */
export async function facets(db: Db, trashed: boolean): Promise<LibraryFacets> {
  const stamp = changeStamp(db, {})
  const key = 'facets'
  let counts = peek<Omit<LibraryFacets, 'tags'>>(db, key, stamp)
  if (!counts) {
    const styles = styleFacets(db)
    await new Promise((r) => setImmediate(r))
    const batches = batchFacets(db)
    const n = (
      sql(
        db,
        'SELECT count(*) AS n FROM images INDEXED BY images_trash_created WHERE trashed_at IS NOT NULL',
      ).get() as {
        n: number
      }
    ).n
    // The trash view lists styles and batches of the whole library: a filter that matches nothing there says so.
    counts = { styles, batches, trashed: n }
    // Stored under the stamp read before the awaits: a change meanwhile makes the next call recount.
    memo(db, key, stamp, () => counts!)
  }
  return { ...counts, tags: tagFacets(db, trashed) }
}

export function styleFacets(db: Db): LibraryFacets['styles'] {
  return (
    sql(
      db,
      `SELECT style_id AS id, count(*) AS n FROM images INDEXED BY images_live_style
       WHERE trashed_at IS NULL GROUP BY style_id`,
    ).all() as { id: string; n: number }[]
  ).map((s) => ({ id: s.id, name: styleName(s.id), count: s.n }))
}

export function batchFacets(db: Db): LibraryFacets['batches'] {
  return sql(
    db,
    `SELECT b.id, b.name, b.created_at AS createdAt, g.n AS count FROM (
       SELECT batch_id, count(*) AS n FROM images INDEXED BY images_live_batch WHERE trashed_at IS NULL GROUP BY batch_id
     ) AS g JOIN batches AS b ON b.id = g.batch_id ORDER BY b.created_at DESC`,
  ).all() as LibraryFacets['batches']
}

function tagFacets(db: Db, trashed: boolean): LibraryFacets['tags'] {
  const live = trashed ? 'trashed_at IS NOT NULL' : 'trashed_at IS NULL'
  return sql(
    db,
    `SELECT t.name, count(*) AS count FROM tags AS t JOIN image_tags AS it ON it.tag_id = t.id
     JOIN images AS i ON i.id = it.image_id WHERE i.${live} GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
  ).all() as LibraryFacets['tags']
}
