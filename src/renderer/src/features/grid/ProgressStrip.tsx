import { useState } from 'react'
import type { BatchSummary } from '@shared/domain'
import { formatCount } from '@shared/format/numbers'
import { formatMoney, plural } from '../../model/format'
import { useSession } from '../../stores/session'
import { ConfirmDialog } from './ConfirmDialog'
import { batchProgress, timeLeftText } from '../../model/grid-layout'
import { ProgressBar } from './ProgressBar'
import { useBatchActions } from './useBatchActions'

/** The batch's headline numbers and the actions that apply to all of its cells. */
export function ProgressStrip(props: { batch: BatchSummary }): React.JSX.Element {
  const { batch } = props
  const p = batchProgress(batch)
  const { busy, run } = useBatchActions(batch.id)
  const [confirming, setConfirming] = useState(false)
  const queuePaused = useSession((s) => s.queue?.paused ?? false)
  const open = p.finished < p.total && batch.status !== 'cancelled'
  // Only unsent cells can be cancelled: Segmind has no cancel for the ones in flight.
  const cancellable = p.pending > 0 && batch.status !== 'cancelled'
  const timeLeft = timeLeftText(batch, p, queuePaused)
  const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0

  return (
    <div className="strip" data-testid="progress-strip">
      <div className="strip-bar">
        <ProgressBar progress={p} />
      </div>
      <div className="strip-row">
        <div className="strip-stats">
          <span className="stat stat-main" data-testid="progress-done">
            <strong>{p.done}</strong> / {p.total} done
            <span className="stat-muted"> · {percent}%</span>
          </span>
          <span className="stat">
            <strong>{formatMoney(batch.spend)}</strong> spent
          </span>
          {timeLeft ? <span className="stat">{timeLeft}</span> : null}
          {p.inFlight > 0 ? <span className="stat">{p.inFlight} in flight</span> : null}
          {p.failed > 0 ? <span className="stat stat-bad">{formatCount(p.failed)} failed</span> : null}
          {p.needsDecision > 0 ? (
            <span className="stat stat-warn" title="Expired or unknown: resubmitting bills again, so you decide">
              {plural(p.needsDecision, 'cell')} need your decision
            </span>
          ) : null}
          {p.cancelled > 0 ? <span className="stat stat-muted">{formatCount(p.cancelled)} cancelled</span> : null}
          {batch.budgetCap ? <span className="stat stat-muted">cap {formatMoney(batch.budgetCap)}</span> : null}
        </div>
        <div className="strip-actions">
          {p.cancelled > 0 ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={busy !== null}
              title="Queues every cancelled cell again in one go; each is billed as a new image"
              onClick={() => void run('resumeAll')}
            >
              Resubmit cancelled
            </button>
          ) : null}
          {batch.status === 'paused' ? (
            <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void run('resume')}>
              Resume batch
            </button>
          ) : open ? (
            <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void run('pause')}>
              Pause batch
            </button>
          ) : null}
          {/* A finished batch only offers what still applies to it. */}
          {open || p.retryable > 0 ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={busy !== null || p.retryable === 0}
              onClick={() => void run('retryFailed')}
              title="Sends every failed or expired cell again; each is billed as a new image"
            >
              Retry failed
            </button>
          ) : null}
          {cancellable ? (
            <button
              type="button"
              className="btn btn-small btn-ghost-danger"
              disabled={busy !== null}
              onClick={() => setConfirming(true)}
            >
              Cancel pending
            </button>
          ) : null}
        </div>
      </div>
      {batch.status === 'paused' && batch.pauseReason ? (
        <p className="batch-pause-reason" role="status" data-testid="batch-pause-reason">
          {batch.pauseReason}
        </p>
      ) : null}
      {(batch.counts.unknown ?? 0) > 0 ? <UnknownCells batch={batch} busy={busy !== null} run={run} /> : null}
      {confirming ? (
        <ConfirmDialog
          title="Cancel the rest of this batch?"
          confirmLabel="Cancel pending cells"
          danger
          onConfirm={() => void run('cancel')}
          onClose={() => setConfirming(false)}
        >
          <p>{plural(p.pending, 'cell')} not yet sent will not be sent. Finished images stay in your library.</p>
          {p.inFlight > 0 ? (
            <p className="dialog-warn">
              {plural(p.inFlight, 'cell')} {p.inFlight === 1 ? 'is' : 'are'} already on Segmind&apos;s servers. Segmind
              has no cancel: {p.inFlight === 1 ? 'it' : 'they'} will finish and may still be billed.
            </p>
          ) : (
            <p className="dialog-note">
              Cells already sent to Segmind cannot be called back and may still be billed; none are in flight right now.
            </p>
          )}
        </ConfirmDialog>
      ) : null}
    </div>
  )
}

/**
 * Cells whose outcome is unknown: the app stopped (or the connection broke) after the request left and before
 * Segmind answered, so an image may exist and may be billed. The person chooses, for all of them at once.
 */
function UnknownCells(props: {
  batch: BatchSummary
  busy: boolean
  run: (action: 'resubmitUnknown' | 'dropUnknown') => Promise<void>
}): React.JSX.Element {
  const n = props.batch.counts.unknown ?? 0
  return (
    <div className="unknown-panel" data-testid="unknown-cells">
      <p>
        <strong>{plural(n, 'cell')} with an unknown outcome.</strong> The request left, but no answer came back (the app
        closed or the connection broke), so Segmind may have made and billed {n === 1 ? 'it' : 'them'}. Resubmitting may
        pay twice; dropping keeps {n === 1 ? 'it' : 'them'} out of the batch.
      </p>
      <button
        type="button"
        className="btn btn-small"
        disabled={props.busy}
        onClick={() => void props.run('resubmitUnknown')}
      >
        Resubmit all (may pay twice)
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={props.busy}
        onClick={() => void props.run('dropUnknown')}
      >
        Drop all
      </button>
    </div>
  )
}
