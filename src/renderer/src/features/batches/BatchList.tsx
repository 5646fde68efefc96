import { useEffect, useState } from 'react'
import type { BatchSummary } from '@shared/domain'
import { formatWhen } from '../../model/format'
import { useBatches } from '../../stores/batches'
import { batchProgress } from '../../model/grid-layout'
import { ProgressBar } from '../grid/ProgressBar'
import { batchStatusLabel } from '../../model/batch-status'

export function BatchList(): React.JSX.Element {
  const list = useBatches((s) => s.list)
  const loaded = useBatches((s) => s.loaded)
  const view = useBatches((s) => s.view)
  const selectedId = useBatches((s) => s.selectedId)
  const openBatch = useBatches((s) => s.openBatch)
  const openCompose = useBatches((s) => s.openCompose)
  const now = useMinuteClock()

  return (
    <nav className="sidebar" aria-label="Batches">
      <button
        type="button"
        className={`new-batch ${view === 'compose' ? 'is-active' : ''}`}
        onClick={openCompose}
      >
        <span className="new-batch-plus" aria-hidden="true">
          +
        </span>
        New batch
      </button>
      <div className="sidebar-heading">
        <span>Batches</span>
        {list.length > 0 ? <span className="sidebar-count">{list.length}</span> : null}
      </div>
      <ul className="batch-list" data-testid="batch-list">
        {list.map((batch) => (
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
      {loaded && list.length === 0 ? (
        <p className="sidebar-empty">No batches yet. Write some prompts, pick styles and press Generate.</p>
      ) : null}
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
  return (
    <button
      type="button"
      className={`batch-item ${active ? 'is-active' : ''}`}
      data-testid="batch-item"
      data-status={batch.status}
      data-batch-id={batch.id}
      aria-current={active ? 'page' : undefined}
      onClick={onOpen}
    >
      <span className="batch-item-top">
        <span className="batch-item-name" title={batch.name}>
          {batch.name}
        </span>
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
        <span className="batch-item-when">{formatWhen(batch.createdAt, now)}</span>
      </span>
    </button>
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
