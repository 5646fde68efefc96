import type { LibraryFacets, LibraryFilter } from '@shared/contracts/library'
import { sql, type Db } from './connection'
import { filterWhere } from './library-query'
import { styleName } from './library'

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
 * Images per local day, newest first. Jumps from day to day down the created index: one statement per day counts
 * that day (an index range) and finds the newest image before it (one index step), instead of grouping every row,
 * so a day costs the same whatever the library holds on other days. Answers are cached until the library changes.
 */
export function dayCounts(db: Db, filter: LibraryFilter, tzOffsetMinutes: number): DayCount[] {
  const f: LibraryFilter = { ...filter }
  delete f.from
  delete f.to
  const stamp = changeStamp(db)
  const key = JSON.stringify([f, tzOffsetMinutes])
  const cache = dayCache.get(db)
  const hit = cache?.stamp === stamp ? cache.entries.get(key) : undefined
  if (hit) return hit
  const w = filterWhere(f, 'newest')
  const index = f.trashed
    ? 'images_trash_created'
    : f.batchId !== undefined
      ? 'images_live_batch'
      : 'images_live_created'
  const from = `images AS i INDEXED BY ${index}`
  const where = w.clauses.join(' AND ')
  const newest = sql(
    db,
    `SELECT i.created_at AS t FROM ${from} WHERE ${where} AND i.created_at < ? ORDER BY i.created_at DESC LIMIT 1`,
  )
  const day = sql(
    db,
    `SELECT count(*) AS n,
       (SELECT i.created_at FROM ${from} WHERE ${where} AND i.created_at < ? ORDER BY i.created_at DESC LIMIT 1) AS prev
     FROM ${from} WHERE ${where} AND i.created_at >= ? AND i.created_at < ?`,
  )
  const days: DayCount[] = []
  let bound = Number.MAX_SAFE_INTEGER
  let t = (newest.get(...w.params, bound) as { t: number } | undefined)?.t
  while (t !== undefined && t !== null && days.length < MAX_DAYS) {
    const start = localDayStart(t, tzOffsetMinutes)
    const r = day.get(...w.params, start, ...w.params, start, bound) as { n: number; prev: number | null }
    days.push({ day: dayLabel(start, tzOffsetMinutes), start, end: start + DAY_MS, count: r.n })
    bound = start
    t = r.prev ?? undefined
  }
  const entries = cache?.stamp === stamp ? cache.entries : new Map<string, DayCount[]>()
  if (entries.size >= 16) entries.clear()
  entries.set(key, days)
  dayCache.set(db, { stamp, entries })
  return days
}

const dayCache = new WeakMap<Db, { stamp: string; entries: Map<string, DayCount[]> }>()
const facetCache = new WeakMap<Db, { stamp: string; entries: Map<boolean, LibraryFacets> }>()

/** Forgets cached day counts and facets (benchmarks measure the uncached cost). */
export function clearLibraryCaches(db: Db): void {
  dayCache.delete(db)
  facetCache.delete(db)
}

/** Changes on this connection (total_changes) and by other connections to the file (data_version). */
function changeStamp(db: Db): string {
  const r = sql(db, 'SELECT total_changes() AS c').get() as { c: number }
  return `${r.c}:${String(db.pragma('data_version', { simple: true }))}`
}

/**
 * Styles, batches and tags with their counts, for the filter controls. Counting walks an index per facet (every
 * image once), so answers are cached until the library changes.
 */
export function facets(db: Db, trashed: boolean): LibraryFacets {
  const stamp = changeStamp(db)
  const cache = facetCache.get(db)
  const hit = cache?.stamp === stamp ? cache.entries.get(trashed) : undefined
  if (hit) return hit
  const out = countFacets(db, trashed)
  const entries = cache?.stamp === stamp ? cache.entries : new Map<boolean, LibraryFacets>()
  entries.set(trashed, out)
  facetCache.set(db, { stamp, entries })
  return out
}

function countFacets(db: Db, trashed: boolean): LibraryFacets {
  const live = trashed ? 'trashed_at IS NOT NULL' : 'trashed_at IS NULL'
  const styles = (
    sql(
      db,
      `SELECT style_id AS id, count(*) AS n FROM images INDEXED BY images_live_style
       WHERE trashed_at IS NULL GROUP BY style_id`,
    ).all() as { id: string; n: number }[]
  ).map((s) => ({ id: s.id, name: styleName(s.id), count: s.n }))
  const batches = sql(
    db,
    `SELECT b.id, b.name, b.created_at AS createdAt, g.n AS count FROM (
       SELECT batch_id, count(*) AS n FROM images INDEXED BY images_live_batch WHERE trashed_at IS NULL GROUP BY batch_id
     ) AS g JOIN batches AS b ON b.id = g.batch_id ORDER BY b.created_at DESC`,
  ).all() as LibraryFacets['batches']
  const tags = sql(
    db,
    `SELECT t.name, count(*) AS count FROM tags AS t JOIN image_tags AS it ON it.tag_id = t.id
     JOIN images AS i ON i.id = it.image_id WHERE i.${live} GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
  ).all() as LibraryFacets['tags']
  const n = (
    sql(db, 'SELECT count(*) AS n FROM images INDEXED BY images_trash_created WHERE trashed_at IS NOT NULL').get() as {
      n: number
    }
  ).n
  // The trash view lists styles and batches of the whole library: a filter that matches nothing there says so.
  return { styles, batches, tags, trashed: n }
}
