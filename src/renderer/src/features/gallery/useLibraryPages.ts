import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LibraryFilter, LibraryItem } from '@shared/contracts/library'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { buildSections, type Section } from '../../model/gallery-layout'
import { filterOf, sectionFilter } from '../../model/library-filter'
import type { LibraryQuery } from '../../model/library-query'
import { loadedOrder, needsPage, withPage, type SectionPages } from '../../model/section-pages'

/** Big enough that a jump into a long day catches up in a few calls, small enough to answer in milliseconds. */
const PAGE_SIZE = 120
/** New images arrive while a batch runs; the day counts are re-read at most this often. */
const LIVE_REFRESH_MS = 1500

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
  /** Re-reads the day counts and drops the pages (after a move to the trash or a restore). */
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
  const pages = useRef(new Map<number, SectionPages<LibraryItem>>())
  const inFlight = useRef(new Set<number>())
  const generation = useRef(0)

  useEffect(() => {
    const gen = ++generation.current
    let cancelled = false
    api
      .call('library.dates', { filter, tzOffsetMinutes: new Date().getTimezoneOffset() })
      .then(({ days }) => {
        if (cancelled) return
        pages.current = new Map()
        inFlight.current = new Set()
        setSections(buildSections(days, sort))
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

  const refresh = useCallback(() => setReloads((n) => n + 1), [])

  // Images saved by a running batch show up without a reload (day counts re-read, at most every 1.5 s).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const stop = api.onEvent((event) => {
      if (event.type !== 'cell' || event.cell.state !== 'saved' || timer) return
      timer = setTimeout(() => {
        timer = null
        refresh()
      }, LIVE_REFRESH_MS)
    })
    return () => {
      stop()
      if (timer) clearTimeout(timer)
    }
  }, [refresh])

  const ensure = useCallback(
    (section: number, index: number) => {
      const s = sections[section]
      if (!s || inFlight.current.has(section) || !needsPage(pages.current.get(section), index)) return
      inFlight.current.add(section)
      const gen = generation.current
      const before = pages.current.get(section)
      api
        .call('library.list', {
          filter: sectionFilter(filter, s.bounds),
          sort,
          limit: PAGE_SIZE,
          cursor: before?.cursor ?? null,
        })
        .then((page) => {
          if (gen !== generation.current) return
          pages.current.set(section, withPage(pages.current.get(section), page))
          inFlight.current.delete(section)
          setVersion((v) => v + 1)
        })
        .catch((e: unknown) => {
          if (gen !== generation.current) return
          inFlight.current.delete(section)
          setStatus('error')
          setError(messageOf(e))
        })
    },
    [sections, filter, sort],
  )

  const locate = useCallback((id: string) => {
    for (const [section, p] of pages.current) {
      const index = p.items.findIndex((i) => i.id === id)
      if (index !== -1) return { section, index }
    }
    return null
  }, [])

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
      const item = pages.current.get(section)?.items[index]
      if (!item) ensure(section, index)
      return item
    },
    [locate, sections, ensure],
  )

  return useMemo<LibraryPages>(
    () => ({
      status,
      error,
      sections,
      total: sections.reduce((n, s) => n + s.count, 0),
      version,
      itemAt: (section, index) => pages.current.get(section)?.items[index],
      ensure,
      order: () => loadedOrder(sections.length, (s) => pages.current.get(s)),
      itemById: (id) => {
        const at = locate(id)
        return at ? pages.current.get(at.section)?.items[at.index] : undefined
      },
      locate,
      neighbour,
      replaceItems: (items) => {
        const byId = new Map(items.map((i) => [i.id, i]))
        for (const [key, p] of pages.current) {
          if (p.items.some((i) => byId.has(i.id))) {
            pages.current.set(key, { ...p, items: p.items.map((i) => byId.get(i.id) ?? i) })
          }
        }
        setVersion((v) => v + 1)
      },
      refresh,
    }),
    [status, error, sections, version, ensure, refresh, locate, neighbour],
  )
}
