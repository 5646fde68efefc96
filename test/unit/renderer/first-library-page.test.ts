import { describe, expect, it } from 'vitest'
import {
  LIBRARY_PAGE_SIZE,
  OneEarlyAnswer,
  datesInputFor,
  startDatesInput,
} from '../../../src/renderer/src/model/first-library-page'
import { filterOf } from '../../../src/renderer/src/model/library-filter'
import { EMPTY_QUERY, type LibraryQuery } from '../../../src/renderer/src/model/library-query'
import { libraryRoute, routeToSearch } from '../../../src/renderer/src/model/route'

const QUERY: LibraryQuery = {
  ...EMPTY_QUERY,
  text: 'fox in snow',
  styleIds: ['style-a'],
  from: '2026-11-01',
  starred: true,
  minRating: 3,
  sort: 'oldest',
}

describe('the Library call made at start', () => {
  it('asks exactly what the gallery will ask for the query in the URL', () => {
    for (const query of [EMPTY_QUERY, QUERY, { ...EMPTY_QUERY, trashed: true, sort: 'rating' as const }]) {
      const search = routeToSearch(libraryRoute(query, 'img-1'))
      const early = startDatesInput(search, -60)
      expect(early).toEqual(datesInputFor(filterOf(query), query.sort, -60))
      // Equal as the one-shot holder compares them: the same JSON.
      expect(JSON.stringify(early)).toBe(JSON.stringify(datesInputFor(filterOf(query), query.sort, -60)))
    }
    expect(startDatesInput(routeToSearch(libraryRoute(QUERY)), 0)?.firstPage).toEqual({
      sort: 'oldest',
      limit: LIBRARY_PAGE_SIZE,
    })
  })

  it('is not made when the window opens on another view', () => {
    expect(startDatesInput('', 0)).toBeNull()
    expect(startDatesInput('?view=batch&id=b-1', 0)).toBeNull()
    expect(startDatesInput('?view=leaderboard', 0)).toBeNull()
  })
})

describe('OneEarlyAnswer', () => {
  function counting(): { asked: string[]; early: OneEarlyAnswer<{ q: string }, string> } {
    const asked: string[] = []
    const early = new OneEarlyAnswer(async (input: { q: string }) => {
      asked.push(input.q)
      return `answer ${asked.length} to ${input.q}`
    })
    return { asked, early }
  }

  it('hands the early answer to the first caller with the same question, once', async () => {
    const { asked, early } = counting()
    early.start({ q: 'a' })
    expect(await early.take({ q: 'a' })).toBe('answer 1 to a')
    // A second take (a refresh) asks afresh: an answer from start is never reused later.
    expect(await early.take({ q: 'a' })).toBe('answer 2 to a')
    expect(asked).toEqual(['a', 'a'])
  })

  it('asks afresh when the question changed, and drops the early answer', async () => {
    const { asked, early } = counting()
    early.start({ q: 'a' })
    expect(await early.take({ q: 'b' })).toBe('answer 2 to b')
    expect(await early.take({ q: 'a' })).toBe('answer 3 to a')
    expect(asked).toEqual(['a', 'b', 'a'])
  })

  it('without a start, every take asks', async () => {
    const { asked, early } = counting()
    expect(await early.take({ q: 'a' })).toBe('answer 1 to a')
    expect(asked).toEqual(['a'])
  })

  it('leaves an early failure to the taker, and reports nothing before', async () => {
    const early = new OneEarlyAnswer(async (input: { q: string }): Promise<string> => {
      throw new Error(`no answer to ${input.q}`)
    })
    const unhandled: unknown[] = []
    const onUnhandled = (e: unknown): void => void unhandled.push(e)
    process.on('unhandledRejection', onUnhandled)
    try {
      early.start({ q: 'a' })
      await new Promise((r) => setTimeout(r, 20))
      await expect(early.take({ q: 'a' })).rejects.toThrow('no answer to a')
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
