import { useEffect, useMemo, useState } from 'react'
import type { BatchCursor } from '@shared/contracts/batch-pages'
import type { BatchSummary } from '@shared/domain'
import { api } from '../../api'
import { loadMoreBatches } from '../../app/coreSync'
import { sortBatches } from '../../model/batch-order'
import { filterBatches } from '../../model/batch-search'
import { useBatches } from '../../stores/batches'

/** Typing pauses this long before the core is asked (a search over batches the sidebar has not loaded). */
const SEARCH_DELAY_MS = 200
/** Matches worth a screen: a search keeps fetching until it has these many or the list ends. */
const FILL = 40

interface Found {
  query: string
  batches: BatchSummary[]
  next: BatchCursor | null
  loading: boolean
}

/**
 * What the sidebar lists for a search box value. With no search: the loaded pages (more load as it scrolls). With a
 * search and every batch loaded: the loaded list filtered here, as before paging. With a search while pages are
 * still missing: the core's matches (batch.page with `search`, paged too), merged with the loaded matches, which
 * events keep fresh.
 */
export function useSidebarBatches(query: string): { shown: BatchSummary[]; loadMore: () => void; searching: boolean } {
  const list = useBatches((s) => s.list)
  const complete = useBatches((s) => s.next === null)
  const [found, setFound] = useState<Found | null>(null)
  const remote = query.trim() !== '' && !complete

  useEffect(() => {
    if (!remote) {
      setFound(null)
      return
    }
    let stale = false
    setFound((f) => (f?.query === query ? f : { query, batches: [], next: null, loading: true }))
    const timer = setTimeout(() => {
      api
        .call('batch.page', { search: query })
        .then((page) => {
          if (!stale) setFound({ query, batches: page.batches, next: page.next, loading: false })
        })
        .catch(() => {
          if (!stale) setFound({ query, batches: [], next: null, loading: false })
        })
    }, SEARCH_DELAY_MS)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [query, remote])

  const shown = useMemo(() => {
    const local = filterBatches(list, query)
    if (!remote || !found) return local
    const held = new Set(local.map((b) => b.id))
    return sortBatches([...local, ...found.batches.filter((b) => !held.has(b.id))])
  }, [list, query, remote, found])

  const loadMore = (): void => {
    if (!remote) {
      void loadMoreBatches()
      return
    }
    const f = found
    if (!f || f.loading || f.next === null) return
    const after = f.next
    setFound({ ...f, loading: true })
    api
      .call('batch.page', { search: f.query, after })
      .then((page) =>
        setFound((cur) =>
          cur?.query === f.query && cur.next?.id === after.id
            ? { query: f.query, batches: [...cur.batches, ...page.batches], next: page.next, loading: false }
            : cur,
        ),
      )
      .catch(() => setFound((cur) => (cur?.query === f.query ? { ...cur, loading: false } : cur)))
  }

  // A search page can come back short (the core bounds each walk through the list): keep asking until the
  // sidebar holds a screenful of matches or the list ends, so "no batch matches" is only said when true.
  const short = remote && found !== null && !found.loading && found.next !== null && found.batches.length < FILL
  useEffect(() => {
    if (short) loadMore()
  })

  return { shown, loadMore, searching: remote && (found === null || found.loading || short) }
}
