/**
 * What the gallery shows: search text, filters and sort. It lives in the URL (see route.ts), so this module only
 * turns it into query-string parameters and back, defensively: a URL is typed by people and old links.
 */
export type LibrarySort = 'newest' | 'oldest' | 'rating'
export const LIBRARY_SORTS: readonly LibrarySort[] = ['newest', 'oldest', 'rating']

export interface LibraryQuery {
  text: string
  styleIds: string[]
  batchId: string | null
  /** Local calendar days, 'YYYY-MM-DD', both inclusive. */
  from: string | null
  to: string | null
  starred: boolean
  minRating: number | null
  tag: string | null
  trashed: boolean
  sort: LibrarySort
}

export const EMPTY_QUERY: LibraryQuery = {
  text: '',
  styleIds: [],
  batchId: null,
  from: null,
  to: null,
  starred: false,
  minRating: null,
  tag: null,
  trashed: false,
  sort: 'newest',
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const MAX_TEXT = 500
const MAX_PARAM = 200

function day(value: string | null): string | null {
  if (!value || !DAY.test(value)) return null
  return Number.isNaN(Date.parse(`${value}T00:00:00`)) ? null : value
}

function short(value: string | null): string | null {
  const v = value?.trim()
  return v ? v.slice(0, MAX_PARAM) : null
}

/** Reads the gallery's part of a URL's query string; anything unreadable falls back to its default. */
export function queryFromParams(params: URLSearchParams): LibraryQuery {
  const sort = params.get('sort')
  const rating = Number(params.get('rating'))
  let from = day(params.get('from'))
  let to = day(params.get('to'))
  // A range typed backwards still means the days between the two.
  if (from && to && from > to) [from, to] = [to, from]
  return {
    text: (params.get('q') ?? '').slice(0, MAX_TEXT),
    styleIds: (params.get('style') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0 && s.length <= MAX_PARAM),
    batchId: short(params.get('batch')),
    from,
    to,
    starred: params.get('starred') === '1',
    minRating: Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : null,
    tag: short(params.get('tag')),
    trashed: params.get('trash') === '1',
    sort: LIBRARY_SORTS.includes(sort as LibrarySort) ? (sort as LibrarySort) : 'newest',
  }
}

/** Writes only what differs from the defaults, so a plain gallery has a plain URL. */
export function queryToParams(query: LibraryQuery, params: URLSearchParams): void {
  if (query.text) params.set('q', query.text)
  if (query.styleIds.length > 0) params.set('style', query.styleIds.join(','))
  if (query.batchId) params.set('batch', query.batchId)
  if (query.from) params.set('from', query.from)
  if (query.to) params.set('to', query.to)
  if (query.starred) params.set('starred', '1')
  if (query.minRating !== null) params.set('rating', String(query.minRating))
  if (query.tag) params.set('tag', query.tag)
  if (query.trashed) params.set('trash', '1')
  if (query.sort !== 'newest') params.set('sort', query.sort)
}

/** True when some filter (not the sort) narrows the library: the empty state then says so. */
export function isFiltered(query: LibraryQuery): boolean {
  return (
    query.text.trim() !== '' ||
    query.styleIds.length > 0 ||
    query.batchId !== null ||
    query.from !== null ||
    query.to !== null ||
    query.starred ||
    query.minRating !== null ||
    query.tag !== null ||
    query.trashed
  )
}

/** Epoch ms of local midnight starting a 'YYYY-MM-DD' day. */
export function dayStart(day: string): number {
  return new Date(`${day}T00:00:00`).getTime()
}

/** Epoch ms of the local midnight after a day (exclusive bound); DST days are 23 or 25 hours long. */
export function dayEnd(day: string): number {
  const d = new Date(`${day}T00:00:00`)
  d.setDate(d.getDate() + 1)
  return d.getTime()
}

/** The local day of an instant, as 'YYYY-MM-DD'. */
export function localDay(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
