import { useEffect, useState } from 'react'
import type { BatchSummary } from '@shared/domain'
import { formatDuration, formatMoney, formatWhen } from '../../model/format'
import { filterBatches } from '../../model/batch-search'
import { useBatches } from '../../stores/batches'
import { batchProgress } from '../../model/grid-layout'
import { ProgressBar } from '../grid/ProgressBar'
import { batchStatusLabel } from '../../model/batch-status'
import { batchGroup, priorityMarker, priorityTitle } from '../../model/batch-order'
import { PriorityMenu } from './PriorityMenu'
import { BatchDialogs } from './BatchDialogs'
import { useLayout } from '../../stores/layout'

export function BatchList(): React.JSX.Element {
  const list = useBatches((s) => s.list)
  const loaded = useBatches((s) => s.loaded)
  const view = useBatches((s) => s.view)
  const selectedId = useBatches((s) => s.selectedId)
  const openBatch = useBatches((s) => s.openBatch)
  const openCompose = useBatches((s) => s.openCompose)
  const openLibrary = useBatches((s) => s.openLibrary)
  const now = useMinuteClock()
  const collapsed = useLayout((s) => s.sidebarCollapsed)
  const [query, setQuery] = useState('')
  const shown = filterBatches(list, query)
  // The list is already in sidebar order (stores/batches sorts it); this only splits it in two.
  const groups = [
    {
      key: 'queued' as const,
      title: 'Queue',
      hint: 'Sent in this order: higher priority first, then oldest first',
      batches: shown.filter((b) => batchGroup(b.status) === 'queued'),
    },
    {
      key: 'finished' as const,
      title: 'Finished',
      hint: 'Newest first',
      batches: shown.filter((b) => batchGroup(b.status) === 'finished'),
    },
  ]

  return (
    <nav className={`sidebar ${collapsed ? 'is-collapsed' : ''}`} aria-label="Batches" id="batch-sidebar">
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
        <svg
          width="16"
          height="16"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          aria-hidden="true"
        >
          <rect x="3" y="3" width="7" height="7" rx="1.5" />
          <rect x="14" y="3" width="7" height="7" rx="1.5" />
          <rect x="3" y="14" width="7" height="7" rx="1.5" />
          <rect x="14" y="14" width="7" height="7" rx="1.5" />
        </svg>
        Library
      </a>
      {list.length === 0 ? (
        <div className="sidebar-heading">
          <span>Batches</span>
        </div>
      ) : null}
      {list.length > 3 ? (
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
      {query && shown.length === 0 ? (
        <p className="sidebar-empty">No batch name contains &ldquo;{query}&rdquo;.</p>
      ) : null}
      <div data-testid="batch-list">
        {groups.map((group) =>
          group.batches.length > 0 ? (
            <section key={group.key} className="batch-group" aria-label={group.title}>
              <div className="sidebar-heading" title={group.hint}>
                <span>{group.title}</span>
                <span className="sidebar-count">{group.batches.length}</span>
              </div>
              <ul className="batch-list" data-testid={`batch-list-${group.key}`}>
                {group.batches.map((batch) => (
                  <li key={batch.id}>
                    <BatchItem
                      batch={batch}
                      now={now}
                      active={view === 'grid' && selectedId === batch.id}
                      onOpen={() => openBatch(batch.id)}
                    />
                  </li>
                ))}
              </ul>
            </section>
          ) : null,
        )}
      </div>
      {loaded && list.length === 0 ? (
        <p className="sidebar-empty">No batches yet. Write some prompts, pick styles and press Generate.</p>
      ) : null}
      <BatchDialogs />
    </nav>
  )
}

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
    <div className={`batch-row ${active ? 'is-active' : ''}`}>
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
    </div>
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
