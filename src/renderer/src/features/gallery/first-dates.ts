import type { CallInput, CallOutput, LibraryFilter } from '@shared/contracts'
import { api } from '../../api'
import { filterOf } from '../../model/library-filter'
import type { LibrarySort } from '../../model/library-query'
import { parseRoute } from '../../model/route'

type DatesInput = CallInput<'library.dates'>
type Dates = CallOutput<'library.dates'>

/** Big enough that a jump into a long day catches up in a few calls, small enough to answer in milliseconds. */
export const PAGE_SIZE = 120

/** The gallery's first call for a query: the day counts with the first section's first page (one round trip). */
export function datesInput(filter: LibraryFilter, sort: LibrarySort): DatesInput {
  return { filter, tzOffsetMinutes: new Date().getTimezoneOffset(), firstPage: { sort, limit: PAGE_SIZE } }
}

let early: { key: string; answer: Promise<Dates> } | null = null

/**
 * A window opened on the Library sends the gallery's first call before React's first render (~90 ms of script on
 * a 2-core machine), so the answer is on its way while the app draws. Used once; any other call goes out as usual.
 */
export function prefetchLibraryStart(search: string): void {
  const route = parseRoute(search)
  if (route.view !== 'library') return
  const input = datesInput(filterOf(route.query), route.query.sort)
  const answer = api.call('library.dates', input)
  // A failure is reported by the gallery's own call when it takes this answer; never unhandled here.
  answer.catch(() => undefined)
  early = { key: JSON.stringify(input), answer }
}

/** The prefetched answer when it was for this very input, else a fresh call. */
export function libraryDates(input: DatesInput): Promise<Dates> {
  const hit = early && early.key === JSON.stringify(input) ? early.answer : null
  early = null
  return hit ?? api.call('library.dates', input)
}
