import { progressSegments, type BatchProgress } from '../../model/grid-layout'

/** Done, failed and in-flight as one bar, so a glance tells how a batch is going. */
export function ProgressBar(props: { progress: BatchProgress; slim?: boolean }): React.JSX.Element {
  const seg = progressSegments(props.progress)
  const { done, total } = props.progress
  return (
    <span
      className={`progress ${props.slim ? 'progress-slim' : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-label={`${done} of ${total} done`}
    >
      {/* Empty segments are left out: a long sidebar of finished batches holds one segment each, not four. */}
      {seg.done > 0 ? <span className="progress-done" style={{ width: `${seg.done}%` }} /> : null}
      {seg.failed > 0 ? <span className="progress-failed" style={{ width: `${seg.failed}%` }} /> : null}
      {seg.needsDecision > 0 ? <span className="progress-decision" style={{ width: `${seg.needsDecision}%` }} /> : null}
      {seg.inFlight > 0 ? <span className="progress-inflight" style={{ width: `${seg.inFlight}%` }} /> : null}
    </span>
  )
}
