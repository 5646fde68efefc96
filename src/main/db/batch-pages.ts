import type { BatchCursor, BatchTotals } from '@shared/contracts/batch-pages'
import { nameMatches, searchWords } from '@shared/batch-search'
import { COLUMNS, fromRaw, type BatchRow, type RawBatch } from './batches'
import { sql, type Db } from './connection'

/**
 * The batch list in pages, in the sidebar's order (migration 9's generated columns and partial index): a keyset
 * page seeks the index after the cursor and reads `limit` rows, so a page costs the same at 10 or 100 000 batches.
 */

const VISIBLE = 'creating = 0 AND deleted_at IS NULL'
const ORDER = 'list_rank, list_priority, list_age, id'
const KEY = 'list_rank AS k_rank, list_priority AS k_priority, list_age AS k_age'

/** A search walks the list in order and keeps matching names; one call reads at most this many rows. */
export const SEARCH_WALK = 5000

interface KeyedRaw extends RawBatch {
  k_rank: number
  k_priority: number
  k_age: number
}

export interface BatchRowPage {
  rows: BatchRow[]
  next: BatchCursor | null
}

function cursorOf(r: KeyedRaw): BatchCursor {
  return { rank: r.k_rank, priority: r.k_priority, age: r.k_age, id: r.id }
}

/**
 * The page query. INDEXED BY because the planner, without statistics, prefers batches_deleted (deleted_at = NULL
 * looks selective) and then sorts every batch; naming the index also makes SQLite refuse the query outright should
 * the index ever stop fitting it, instead of silently scanning.
 */
export function batchPageSql(after: boolean): string {
  const from = after ? `AND (${ORDER}) > (?, ?, ?, ?)` : ''
  return `SELECT ${COLUMNS}, ${KEY} FROM batches INDEXED BY batches_list_order WHERE ${VISIBLE} ${from}
    ORDER BY ${ORDER} LIMIT ?`
}

function pageQuery(db: Db, after: BatchCursor | undefined) {
  return sql(db, batchPageSql(after !== undefined))
}

const keyArgs = (after: BatchCursor | undefined): unknown[] =>
  after ? [after.rank, after.priority, after.age, after.id] : []

/** One page after `after` (or the first), and where the next one starts (null at the end of the list). */
export function pageBatches(db: Db, after: BatchCursor | undefined, limit: number): BatchRowPage {
  // One row more than asked tells whether another page follows without a second query.
  const raw = pageQuery(db, after).all(...keyArgs(after), limit + 1) as KeyedRaw[]
  const more = raw.length > limit
  const kept = more ? raw.slice(0, limit) : raw
  const last = kept[kept.length - 1]
  return { rows: kept.map((r) => fromRaw(db, r)), next: more && last ? cursorOf(last) : null }
}

/**
 * Batches whose name contains every word of `query`, in list order after `after`. Names are matched in JS (the
 * same accent- and case-blind rule as the sidebar's own filter, which SQLite's LIKE cannot do), so the walk is
 * bounded: at most SEARCH_WALK rows per call; when it stops early, `next` says where the following call resumes.
 */
export function searchBatches(db: Db, query: string, after: BatchCursor | undefined, limit: number): BatchRowPage {
  const words = searchWords(query)
  if (words.length === 0) return pageBatches(db, after, limit)
  const rows: BatchRow[] = []
  let last: KeyedRaw | undefined
  let walked = 0
  let ended = true
  for (const r of pageQuery(db, after).iterate(...keyArgs(after), SEARCH_WALK + 1) as IterableIterator<KeyedRaw>) {
    if (rows.length === limit || walked === SEARCH_WALK) {
      // A row beyond the page or the walk's bound exists: the list goes on after `last`.
      ended = false
      break
    }
    walked++
    last = r
    if (nameMatches(r.name, words)) rows.push(fromRaw(db, r))
  }
  return { rows, next: !ended && last ? cursorOf(last) : null }
}

/** How many batches each sidebar section holds and what they spent: one pass over the visible batches. */
export function batchTotals(db: Db): BatchTotals {
  const r = sql(
    db,
    `SELECT COALESCE(SUM(list_rank < 2), 0) AS queued, COALESCE(SUM(list_rank = 2), 0) AS finished,
            TOTAL(spend) AS spend
       FROM batches WHERE ${VISIBLE}`,
  ).get() as BatchTotals
  return { queued: r.queued, finished: r.finished, spend: Math.round(r.spend * 10_000) / 10_000 }
}
