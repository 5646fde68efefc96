import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { BatchSummary } from '@shared/domain'
import { formatDuration, formatMoney, formatWhen } from '../../model/format'
import { useBatches } from '../../stores/batches'
import { batchProgress } from '../../model/grid-layout'
import { ProgressBar } from '../grid/ProgressBar'
import { batchStatusLabel } from '../../model/batch-status'
import { priorityMarker, priorityTitle } from '../../model/batch-order'
import { sidebarGroups, sidebarRows } from '../../model/sidebar-rows'
import { groupSize } from '../../model/batch-pages'
import { useSidebarBatches } from './useSidebarBatches'
import { PriorityMenu } from './PriorityMenu'
import { BatchDialogs } from './BatchDialogs'
import { useLayout } from '../../stores/layout'
import { LineIcon } from '../../lib/LineIcon'

/** Rows drawn beyond the visible part of the sidebar on each side: smooth scrolling, a small DOM. */
const OVERSCAN = 2
const HEADING_HEIGHT = 48
const ITEM_HEIGHT = 73
/** The next page is asked for when the rows drawn come this close to the end of what the sidebar holds. */
const LOAD_AHEAD = 20

export function BatchList(): React.JSX.Element {
  const list = useBatches((s) => s.list)
  const loaded = useBatches((s) => s.loaded)
  const next = useBatches((s) => s.next)
  const totals = useBatches((s) => s.totals)
  const view = useBatches((s) => s.view)
  const selectedId = useBatches((s) => s.selectedId)
  const openBatch = useBatches((s) => s.openBatch)
  const openCompose = useBatches((s) => s.openCompose)
  const openLibrary = useBatches((s) => s.openLibrary)
  const now = useMinuteClock()
  const collapsed = useLayout((s) => s.sidebarCollapsed)
  const [query, setQuery] = useState('')
  const { shown, loadMore, searching } = useSidebarBatches(query)
  // How many batches there are in all (the search box shows from 4), not just the pages loaded.
  const listSize = next === null || !totals ? list.length : Math.max(list.length, totals.queued + totals.finished)
  // The list is already in sidebar order (stores/batches sorts it); this splits it in two and flattens it.
  const groups = useMemo(() => sidebarGroups(shown), [shown])
  const rows = useMemo(() => sidebarRows(groups), [groups])

  // The sidebar itself scrolls (New batch, Library and the search box scroll away with the list), so the
  // virtualizer needs where the list starts inside it.
  const nav = useRef<HTMLElement>(null)
  const listTop = useRef<HTMLDivElement>(null)
  const [margin, setMargin] = useState(0)
  useLayoutEffect(() => {
    const outer = nav.current
    const inner = listTop.current
    if (!outer || !inner) return
    const top = inner.getBoundingClientRect().top - outer.getBoundingClientRect().top + outer.scrollTop
    if (Math.abs(top - margin) > 0.5) setMargin(top)
  })
  // Stable between renders, or the virtualizer re-places every row on each render (see GalleryGrid).
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows])
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => nav.current,
    estimateSize: (i) => (rows[i]?.kind === 'heading' ? HEADING_HEIGHT : ITEM_HEIGHT),
    getItemKey,
    overscan: OVERSCAN,
    scrollMargin: margin,
    // A row scrolled into view is not left flush with the sidebar's edge.
    scrollPaddingStart: 12,
    scrollPaddingEnd: 12,
  })
  const items = virtualizer.getVirtualItems()
  const lastDrawn = items[items.length - 1]?.index ?? -1
  useEffect(() => {
    if (rows.length > 0 && lastDrawn >= rows.length - LOAD_AHEAD) loadMore()
    // loadMore changes every render; what matters is how near the end the drawn rows are.
  }, [lastDrawn, rows.length, next, searching])

  // The open batch is brought into view (opened from a link, the compose screen or the keyboard). A frame later:
  // when the list has just grown (a search cleared), the virtualizer first keeps the old scroll position in place.
  useEffect(() => {
    if (view !== 'grid' || !selectedId) return
    const at = rows.findIndex((r) => r.kind === 'batch' && r.batch.id === selectedId)
    if (at === -1) return
    const frame = requestAnimationFrame(() => virtualizer.scrollToIndex(at, { align: 'auto' }))
    return () => cancelAnimationFrame(frame)
    // Only a newly opened batch, the list's first load or a new search moves the sidebar, not a progress update.
  }, [selectedId, view, loaded, query])

  const place = (start: number): React.CSSProperties => ({
    position: 'absolute',
    top: start - margin,
    left: 0,
    right: 0,
  })

  return (
    <nav ref={nav} className={`sidebar ${collapsed ? 'is-collapsed' : ''}`} aria-label="Batches" id="batch-sidebar">
      <button type="button" className={`new-batch ${view === 'compose' ? 'is-active' : ''}`} onClick={openCompose}>
        <span className="new-batch-plus" aria-hidden="true">
          +
        </span>
        New batch
      </button>
      <a
        href="?view=library"
        className={`nav-item ${view === 'library' ? 'is-active' : ''}`}
        aria-current={view === 'library' ? 'page' : undefined}
        data-testid="nav-library"
        onClick={(e) => {
          // A plain click stays in this window; a modified one keeps the browser's own meaning (new tab...).
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
          e.preventDefault()
          openLibrary()
        }}
      >
        <LineIcon>
          <path d="M4.5 3h4A1.5 1.5 0 0 1 10 4.5v4A1.5 1.5 0 0 1 8.5 10h-4A1.5 1.5 0 0 1 3 8.5v-4A1.5 1.5 0 0 1 4.5 3ZM15.5 3h4A1.5 1.5 0 0 1 21 4.5v4a1.5 1.5 0 0 1-1.5 1.5h-4A1.5 1.5 0 0 1 14 8.5v-4A1.5 1.5 0 0 1 15.5 3ZM4.5 14h4a1.5 1.5 0 0 1 1.5 1.5v4A1.5 1.5 0 0 1 8.5 21h-4A1.5 1.5 0 0 1 3 19.5v-4A1.5 1.5 0 0 1 4.5 14ZM15.5 14h4a1.5 1.5 0 0 1 1.5 1.5v4a1.5 1.5 0 0 1-1.5 1.5h-4a1.5 1.5 0 0 1-1.5-1.5v-4a1.5 1.5 0 0 1 1.5-1.5Z" />
        </LineIcon>
        Library
      </a>
      {list.length === 0 ? (
        <div className="sidebar-heading">
          <span>Batches</span>
        </div>
      ) : null}
      {listSize > 3 ? (
        <div className="batch-search">
          <input
            type="search"
            className="input input-small"
            aria-label="Search batches by name"
            placeholder="Search batches"
            data-testid="batch-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
      ) : null}
      {query && shown.length === 0 && !searching ? (
        <p className="sidebar-empty">No batch name contains &ldquo;{query}&rdquo;.</p>
      ) : null}
      <div
        ref={listTop}
        data-testid="batch-list"
        className="batch-window"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {groups.map((group) => {
          const mine = items.filter((v) => rows[v.index]?.group === group)
          // Without a search, the section's true size (pages not loaded yet included); a search shows its matches.
          const size = query ? group.batches.length : groupSize(group.key, group.batches.length, next, totals)
          return (
            <section key={group.key} className="batch-group" aria-label={group.title}>
              {mine.map((v) =>
                rows[v.index]?.kind === 'heading' ? (
                  <div
                    key={v.key}
                    ref={virtualizer.measureElement}
                    data-index={v.index}
                    className="sidebar-row"
                    style={place(v.start)}
                  >
                    <div className="sidebar-heading" title={group.hint}>
                      <span>{group.title}</span>
                      <span className="sidebar-count">{size}</span>
                    </div>
                  </div>
                ) : null,
              )}
              <ul className="batch-list" data-testid={`batch-list-${group.key}`}>
                {mine.map((v) => {
                  const row = rows[v.index]
                  if (row?.kind !== 'batch') return null
                  const active = view === 'grid' && selectedId === row.batch.id
                  return (
                    <li
                      key={v.key}
                      ref={virtualizer.measureElement}
                      data-index={v.index}
                      className={`sidebar-row batch-row ${active ? 'is-active' : ''}`}
                      // Screen readers hear the group's true size, not just the rows drawn.
                      aria-setsize={size}
                      aria-posinset={row.position + 1}
                      style={place(v.start)}
                    >
                      <BatchItem batch={row.batch} now={now} active={active} onOpen={() => openBatch(row.batch.id)} />
                    </li>
                  )
                })}
              </ul>
            </section>
          )
        })}
      </div>
      {loaded && list.length === 0 ? (
        <p className="sidebar-empty">No batches yet. Write some prompts, pick styles and press Generate.</p>
      ) : null}
      <BatchDialogs />
    </nav>
  )
}

/** One batch: its button (name, progress, status, spend, ETA or age) and its "⋯" menu; the row is the list item. */
function BatchItem(props: {
  batch: BatchSummary
  now: number
  active: boolean
  onOpen: () => void
}): React.JSX.Element {
  const { batch, now, active, onOpen } = props
  const progress = batchProgress(batch)
  const status = batchStatusLabel(batch)
  const marker = priorityMarker(batch.priority)
  return (
    <>
      <button
        type="button"
        className={`batch-item ${active ? 'is-active' : ''}`}
        data-testid="batch-item"
        data-status={batch.status}
        data-batch-id={batch.id}
        data-priority={batch.priority}
        aria-current={active ? 'page' : undefined}
        onClick={onOpen}
      >
        <span className="batch-item-top">
          <span className="batch-item-name" title={batch.name}>
            {batch.name}
          </span>
          {marker ? (
            <span
              className={`priority-marker ${batch.priority > 0 ? 'is-up' : 'is-down'}`}
              data-testid="batch-priority"
              title={priorityTitle(batch.priority)}
            >
              {marker}
            </span>
          ) : null}
          <span className="batch-item-count">
            {progress.done}/{progress.total}
          </span>
        </span>
        <ProgressBar progress={progress} slim />
        <span className="batch-item-meta">
          <span className={`status-dot tone-${status.tone}`} aria-hidden="true" />
          <span className="batch-item-status">{status.label}</span>
          {progress.failed > 0 && status.tone !== 'attention' ? (
            <span className="batch-item-failed">{progress.failed} failed</span>
          ) : null}
          {batch.spend > 0 ? <span className="batch-item-spend">{formatMoney(batch.spend)}</span> : null}
          {batch.status === 'active' && batch.etaSeconds ? (
            <span className="batch-item-eta" title="Estimated time left">
              {formatDuration(batch.etaSeconds)} left
            </span>
          ) : (
            <span className="batch-item-when">{formatWhen(batch.createdAt, now)}</span>
          )}
        </span>
      </button>
      <PriorityMenu batch={batch} />
    </>
  )
}

/** "3 min ago" labels only need to move once a minute. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return now
}
