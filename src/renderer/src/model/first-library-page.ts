import type { CallInput } from '@shared/contracts'
import type { LibraryFilter } from '@shared/contracts/library'
import { filterOf } from './library-filter'
import type { LibrarySort } from './library-query'
import { parseRoute } from './route'

/** Big enough that a jump into a long day catches up in a few calls, small enough to answer in milliseconds. */
export const LIBRARY_PAGE_SIZE = 120

export type DatesInput = CallInput<'library.dates'>

/**
 * What the Library asks first for a query: the day counts, with the first section's first page in the same
 * round trip (the first tiles need no second one). One function for the gallery and for the call made at start,
 * so the two are equal by construction when the window opens on the Library.
 */
export function datesInputFor(filter: LibraryFilter, sort: LibrarySort, tzOffsetMinutes: number): DatesInput {
  return { filter, tzOffsetMinutes, firstPage: { sort, limit: LIBRARY_PAGE_SIZE } }
}

/** The Library's first call for a window opened at `search`, or null when it opens on another view. */
export function startDatesInput(search: string, tzOffsetMinutes: number): DatesInput | null {
  const route = parseRoute(search)
  return route.view === 'library' ? datesInputFor(filterOf(route.query), route.query.sort, tzOffsetMinutes) : null
}

/**
 * One answer asked for ahead of time, handed to the first caller that asks the same question, once: a later
 * caller (a refresh, another query) or a different question asks afresh, so nothing stale is ever reused.
 */
export class OneEarlyAnswer<I, O> {
  private held: { key: string; answer: Promise<O> } | null = null

  constructor(private readonly ask: (input: I) => Promise<O>) {}

  /** Sends the question now; its failure is the taker's to handle (nothing is reported until then). */
  start(input: I): void {
    const answer = this.ask(input)
    answer.catch(() => undefined)
    this.held = { key: JSON.stringify(input), answer }
  }

  /** The early answer if it was for this same input, else a fresh question; the early one is spent either way. */
  take(input: I): Promise<O> {
    const held = this.held
    this.held = null
    return held && held.key === JSON.stringify(input) ? held.answer : this.ask(input)
  }
}
