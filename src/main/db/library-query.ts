import type { LibraryFilter, LibrarySort } from '@shared/contracts/library'
import { AppError } from '@shared/errors'

/**
 * Builds the gallery's page queries. Pure: text in, SQL and parameters out, so the shapes can be unit-tested
 * and EXPLAINed. Each page walks ONE partial index (chosen here and forced with INDEXED BY) whose columns end in
 * the sort keys, from a keyset bound, so a page costs the same at the 100 000th image as at the first: no table
 * scan, no temporary sort. Filters the driving index does not cover are checked row by row along the walk.
 */

export type SortKey = [number, number, string] | [number, string]

/** Both rating orders page along (rating, created_at, id): one index, walked either way. */
export const byRating = (sort: LibrarySort): boolean => sort === 'rating' || sort === 'rating-asc'

/** Which index drives a page, in order of preference. */
export function drivingIndex(filter: LibraryFilter, sort: LibrarySort): string {
  if (filter.trashed) return byRating(sort) ? 'images_trash_rating' : 'images_trash_created'
  if (byRating(sort)) return 'images_live_rating'
  if (filter.batchId !== undefined) return 'images_live_batch'
  if (filter.styleIds?.length === 1) return 'images_live_style'
  if (filter.starred === true) return 'images_live_starred'
  return 'images_live_created'
}

/**
 * The user's words as an FTS5 query: every word must match, as a prefix ("light" finds "lighthouse"), and
 * nothing they type is read as FTS syntax. Null when there is no word to look for.
 */
export function ftsQuery(text: string | undefined): string | null {
  if (!text) return null
  const words = text
    .split(/[\s"]+/u)
    .map((w) => w.replace(/[^\p{L}\p{N}_-]+/gu, ''))
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 16)
  if (words.length === 0) return null
  return words.map((w) => `"${w}"*`).join(' ')
}

export interface BuiltQuery {
  sql: string
  params: (string | number)[]
}

interface Where {
  clauses: string[]
  params: (string | number)[]
}

/** The WHERE clauses of a filter (no keyset bound); the driving index's equality comes first. */
export function filterWhere(filter: LibraryFilter, sort: LibrarySort): Where {
  const index = drivingIndex(filter, sort)
  const w: Where = { clauses: [filter.trashed ? 'i.trashed_at IS NOT NULL' : 'i.trashed_at IS NULL'], params: [] }
  const add = (clause: string, ...params: (string | number)[]): void => {
    w.clauses.push(clause)
    w.params.push(...params)
  }
  if (filter.batchId !== undefined) add('i.batch_id = ?', filter.batchId)
  const styles = filter.styleIds ?? []
  if (styles.length === 1 && index === 'images_live_style') add('i.style_id = ?', styles[0]!)
  else if (styles.length > 0) add(`i.style_id IN (${styles.map(() => '?').join(', ')})`, ...styles)
  if (filter.starred !== undefined) add('i.starred = ?', filter.starred ? 1 : 0)
  if (filter.minRating !== undefined) add('i.rating >= ?', filter.minRating)
  if (filter.from !== undefined) add('i.created_at >= ?', filter.from)
  if (filter.to !== undefined) add('i.created_at < ?', filter.to)
  if (filter.tag !== undefined) {
    add('i.id IN (SELECT image_id FROM image_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?))', filter.tag)
  }
  const fts = ftsQuery(filter.text)
  if (fts !== null) add('i.rowid IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)', fts)
  return w
}

const MAX_TIME = Number.MAX_SAFE_INTEGER

/** The keyset bound: strictly after the cursor's row in the page order; the first page gets an open bound. */
function keysetClause(sort: LibrarySort, cursor: SortKey | null): Where {
  if (byRating(sort)) {
    const down = sort === 'rating'
    if (!cursor) return { clauses: [down ? 'i.rating <= ?' : 'i.rating >= ?'], params: [down ? 5 : 0] }
    const [rating, created, id] = cursor as [number, number, string]
    return { clauses: [`(i.rating, i.created_at, i.id) ${down ? '<' : '>'} (?, ?, ?)`], params: [rating, created, id] }
  }
  const op = sort === 'newest' ? '<' : '>'
  if (!cursor) return { clauses: [`i.created_at ${op}= ?`], params: [sort === 'newest' ? MAX_TIME : -MAX_TIME] }
  const [created, id] = cursor as [number, string]
  return { clauses: [`(i.created_at, i.id) ${op} (?, ?)`], params: [created, id] }
}

function orderBy(sort: LibrarySort): string {
  if (sort === 'rating') return 'i.rating DESC, i.created_at DESC, i.id DESC'
  if (sort === 'rating-asc') return 'i.rating ASC, i.created_at ASC, i.id ASC'
  return sort === 'newest' ? 'i.created_at DESC, i.id DESC' : 'i.created_at ASC, i.id ASC'
}

/** The tile's columns: everything LibraryItem needs, tags folded into one string (unit separator). */
export const ITEM_COLUMNS = `i.id, i.cell_id, i.batch_id, i.params_json, i.seed, i.width, i.height, i.created_at,
  i.starred, i.rating, i.trashed_at, i.missing, i.mime, coalesce(b.name, '') AS batch_name,
  (SELECT group_concat(t.name, char(31)) FROM image_tags it JOIN tags t ON t.id = it.tag_id
    WHERE it.image_id = i.id) AS tags`

/** One page, fetching `limit + 1` rows so the caller knows whether there is a next page. */
export function pageQuery(filter: LibraryFilter, sort: LibrarySort, cursor: SortKey | null, limit: number): BuiltQuery {
  const w = filterWhere(filter, sort)
  const k = keysetClause(sort, cursor)
  return {
    sql: `SELECT ${ITEM_COLUMNS}
      FROM images AS i INDEXED BY ${drivingIndex(filter, sort)}
      LEFT JOIN batches AS b ON b.id = i.batch_id
      WHERE ${[...w.clauses, ...k.clauses].join(' AND ')}
      ORDER BY ${orderBy(sort)}
      LIMIT ?`,
    params: [...w.params, ...k.params, limit + 1],
  }
}

export function countQuery(filter: LibraryFilter, sort: LibrarySort): BuiltQuery {
  const w = filterWhere(filter, sort)
  return {
    sql: `SELECT count(*) AS n FROM images AS i INDEXED BY ${drivingIndex(filter, sort)} WHERE ${w.clauses.join(' AND ')}`,
    params: w.params,
  }
}

/** The sort key of a row, for the next page's cursor. */
export function sortKeyOf(sort: LibrarySort, row: { rating: number; created_at: number; id: string }): SortKey {
  return byRating(sort) ? [row.rating, row.created_at, row.id] : [row.created_at, row.id]
}

export function encodeCursor(sort: LibrarySort, key: SortKey): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key })).toString('base64url')
}

/** A cursor from another sort, or one that was tampered with, is refused in words rather than misread. */
export function decodeCursor(sort: LibrarySort, cursor: string | null | undefined): SortKey | null {
  if (cursor === null || cursor === undefined || cursor === '') return null
  const bad = (): AppError =>
    new AppError({
      kind: 'validation',
      message: 'The page position is not valid for this sort order; reload the library from the top.',
    })
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw bad()
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad()
  const { s, k } = parsed as { s?: unknown; k?: unknown }
  if (s !== sort || !Array.isArray(k)) throw bad()
  const ok = byRating(sort)
    ? k.length === 3 && Number.isInteger(k[0]) && Number.isInteger(k[1]) && typeof k[2] === 'string'
    : k.length === 2 && Number.isInteger(k[0]) && typeof k[1] === 'string'
  if (!ok) throw bad()
  return k as SortKey
}
