import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LibraryFilter, LibraryItem, LibrarySort as CoreSort } from '@shared/contracts/library'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { buildSections, type Section } from '../../model/gallery-layout'
import { filterOf, sectionFilter } from '../../model/library-filter'
import type { LibraryQuery } from '../../model/library-query'
import {
  emptyPages,
  indexOf,
  itemAt,
  loadedOrder,
  pageToFetch,
  replaceIn,
  withPage,
  type SectionPages,
} from '../../model/section-pages'
import type { LibrarySort } from '../../model/library-query'
import { changeEffect, reloadDelay } from '../../model/library-change'
import { datesInputFor, LIBRARY_PAGE_SIZE as PAGE_SIZE } from '../../model/first-library-page'
import { libraryDates } from './first-dates-call'

/** Library events (a running batch saves images) re-read the day counts at most this often. */
const LIVE_REFRESH_MS = 1500
/** The tail of a section is its head read in the opposite order (rating-asc: lowest rated, oldest first). */
const REVERSE: Record<LibrarySort, CoreSort> = { newest: 'oldest', oldest: 'newest', rating: 'rating-asc' }

export interface LibraryPages {
  status: 'loading' | 'ready' | 'error'
  error: string | null
  sections: Section[]
  total: number
  /** Bumped whenever a page lands, so memoised readers know to look again. */
  version: number
  itemAt(section: number, index: number): LibraryItem | undefined
  /** Asks for the page holding tile `index` of a section, if it is not loaded or on its way. */
  ensure(section: number, index: number): void
  /** Every loaded id in display order. */
  order(): string[]
  itemById(id: string): LibraryItem | undefined
  /** Where a loaded image sits: its section and its place in it. */
  locate(id: string): { section: number; index: number } | null
  /**
   * The image `step` places away (±1) across day boundaries; undefined when that one is not loaded yet (its
   * page is then asked for), null past either end of the library.
   */
  neighbour(id: string, step: 1 | -1): LibraryItem | null | undefined
  /** Swaps in fresh copies of items (after a star or a tag) without reloading anything. */
  replaceItems(items: readonly LibraryItem[]): void
  /** Re-reads the day counts and the pages on screen (after a move to the trash or a restore). */
  refresh(): void
}

/**
 * The gallery's window on the library: the day counts for the query, then keyset pages per day as rows come on
 * screen. Only what is on screen is ever fetched or kept in React's tree; an answer for an older query is dropped.
 */
export function useLibraryPages(query: LibraryQuery): LibraryPages {
  const filter = useMemo<LibraryFilter>(() => filterOf(query), [query])
  const sort = query.sort
  const [status, setStatus] = useState<LibraryPages['status']>('loading')
  const [error, setError] = useState<string | null>(null)
  const [sections, setSections] = useState<Section[]>([])
  const [version, setVersion] = useState(0)
  const [reloads, setReloads] = useState(0)
  // Pages by section key (the day), so a refresh that adds a new day on top keeps each day's pages in place.
  const pages = useRef(new Map<string, SectionPages<LibraryItem>>())
  // After a refresh (same query), the previous pages stand in until fresh ones land: tiles never blank out while
  // a running batch adds images, and the selection keeps its tiles.
  const stale = useRef(new Map<string, SectionPages<LibraryItem>>())
  const inFlight = useRef(new Set<string>())
  const generation = useRef(0)
  const shownQuery = useRef<string>('')

  useEffect(() => {
    const gen = ++generation.current
    const queryKey = JSON.stringify([filter, sort])
    let cancelled = false
    // The first section's first page comes with the day counts: the first tiles need no second round trip. When
    // the window opened on this query, the answer was asked for at start (first-dates-call.ts).
    libraryDates(datesInputFor(filter, sort, new Date().getTimezoneOffset()))
      .then(({ days, first }) => {
        if (cancelled) return
        stale.current = queryKey === shownQuery.current ? new Map([...stale.current, ...pages.current]) : new Map()
        shownQuery.current = queryKey
        pages.current = new Map()
        inFlight.current = new Set()
        const built = buildSections(days, sort)
        const top = built[0]
        if (first && top && top.key === first.key) {
          pages.current.set(top.key, withPage(emptyPages<LibraryItem>(top.count), 'head', first.page))
          stale.current.delete(top.key)
        }
        setSections(built)
        setStatus('ready')
        setError(null)
        setVersion((v) => v + 1)
      })
      .catch((e: unknown) => {
        if (cancelled || gen !== generation.current) return
        setStatus('error')
        setError(messageOf(e))
      })
    return () => {
      cancelled = true
    }
  }, [filter, sort, reloads])

  // When the last re-read started (the gallery's own after a trash, or one for a library event).
  const lastReload = useRef(0)
  const refresh = useCallback(() => {
    lastReload.current = Date.now()
    setReloads((n) => n + 1)
  }, [])

  const replaceItems = useCallback((items: readonly LibraryItem[]) => {
    if (items.length === 0) return
    const byId = new Map(items.map((i) => [i.id, i]))
    for (const map of [pages.current, stale.current]) {
      for (const [key, p] of map) map.set(key, replaceIn(p, byId))
    }
    setVersion((v) => v + 1)
  }, [])

  // The library changed (a running batch saved images, another window starred or trashed some, a folder import):
  // marked images are swapped in place, and the counts and on-screen pages are re-read when what is shown may
  // have moved, at most once per LIVE_REFRESH_MS however many events come.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const stop = api.onEvent((event) => {
      if (event.type !== 'library') return
      const effect = changeEffect(event.change, filter, sort)
      replaceItems(effect.replace)
      if (!effect.reload || timer) return
      timer = setTimeout(
        () => {
          timer = null
          refresh()
        },
        reloadDelay(Date.now(), lastReload.current, LIVE_REFRESH_MS),
      )
    })
    return () => {
      stop()
      if (timer) clearTimeout(timer)
    }
  }, [refresh, replaceItems, filter, sort])

  /** What a section shows: its fresh pages, else the ones from before the refresh. */
  const shown = useCallback(
    (section: number): SectionPages<LibraryItem> | undefined => {
      const key = sections[section]?.key
      if (key === undefined) return undefined
      return pages.current.get(key) ?? stale.current.get(key)
    },
    [sections],
  )

  const ensure = useCallback(
    (section: number, index: number) => {
      const s = sections[section]
      if (!s) return
      const current = pages.current.get(s.key) ?? emptyPages<LibraryItem>(s.count)
      const reverse = REVERSE[sort]
      const end = pageToFetch(current, index, true)
      const flight = `${s.key}:${end}`
      if (!end || inFlight.current.has(flight)) return
      inFlight.current.add(flight)
      const gen = generation.current
      api
        .call('library.list', {
          filter: sectionFilter(filter, s.bounds),
          sort: end === 'head' ? sort : reverse,
          limit: PAGE_SIZE,
          cursor: end === 'head' ? current.headCursor : current.tailCursor,
        })
        .then((page) => {
          if (gen !== generation.current) return
          const latest = pages.current.get(s.key) ?? emptyPages<LibraryItem>(s.count)
          pages.current.set(s.key, withPage(latest, end, page))
          stale.current.delete(s.key)
          inFlight.current.delete(flight)
          setVersion((v) => v + 1)
        })
        .catch((e: unknown) => {
          if (gen !== generation.current) return
          inFlight.current.delete(flight)
          setStatus('error')
          setError(messageOf(e))
        })
    },
    [sections, filter, sort],
  )

  const locate = useCallback(
    (id: string) => {
      for (let section = 0; section < sections.length; section++) {
        const p = shown(section)
        const index = p ? indexOf(p, id) : -1
        if (index !== -1) return { section, index }
      }
      return null
    },
    [sections, shown],
  )

  const neighbour = useCallback(
    (id: string, step: 1 | -1): LibraryItem | null | undefined => {
      const at = locate(id)
      if (!at) return undefined
      let section = at.section
      let index = at.index + step
      if (index >= (sections[section]?.count ?? 0)) {
        section += 1
        index = 0
      } else if (index < 0) {
        section -= 1
        index = (sections[section]?.count ?? 1) - 1
      }
      if (section < 0 || section >= sections.length) return null
      const item = itemAt(shown(section), index)
      if (!item) ensure(section, index)
      return item
    },
    [locate, sections, ensure, shown],
  )

  return useMemo<LibraryPages>(
    () => ({
      status,
      error,
      sections,
      total: sections.reduce((n, s) => n + s.count, 0),
      version,
      // Once a section has a fresh page it shows only fresh ones: mixing would repeat images that moved.
      itemAt: (section, index) => itemAt(shown(section), index),
      ensure,
      order: () => loadedOrder(sections.length, shown),
      itemById: (id) => {
        const at = locate(id)
        return at ? itemAt(shown(at.section), at.index) : undefined
      },
      locate,
      neighbour,
      replaceItems,
      refresh,
    }),
    [status, error, sections, version, ensure, refresh, replaceItems, locate, neighbour, shown],
  )
}
