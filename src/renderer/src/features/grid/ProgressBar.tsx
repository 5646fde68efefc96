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
      <span className="progress-done" style={{ width: `${seg.done}%` }} />
      <span className="progress-failed" style={{ width: `${seg.failed}%` }} />
      <span className="progress-decision" style={{ width: `${seg.needsDecision}%` }} />
      <span className="progress-inflight" style={{ width: `${seg.inFlight}%` }} />
    </span>
  )
}
