import { useSession } from '../../stores/session'
import { pauseAdvice, pauseDetail, pauseHeadline } from '../../model/queue-text'
import { useQueueToggle } from './useQueueToggle'

/** Shown whenever the queue is stopped, loudest when a key or credit problem stopped it. */
export function QueueBanner(): React.JSX.Element | null {
  const queue = useSession((s) => s.queue)
  const { busy, toggle } = useQueueToggle()
  if (!queue?.paused) return null
  const reason = queue.reason ?? { kind: 'user' as const, message: '' }
  const problem = reason.kind !== 'user'
  return (
    <div
      className={`banner ${problem ? 'banner-error' : 'banner-quiet'}`}
      role={problem ? 'alert' : 'status'}
      data-testid="queue-banner"
      data-kind={reason.kind}
    >
      <div className="banner-text">
        <strong>{pauseHeadline(reason)}</strong>
        {problem && reason.message ? <span className="banner-detail">{pauseDetail(reason)}</span> : null}
        <span className="banner-advice">{pauseAdvice(reason)}</span>
      </div>
      <button
        type="button"
        className={`btn ${problem ? 'btn-primary' : ''}`}
        disabled={busy}
        onClick={() => void toggle(true)}
      >
        {/* An outage hold lifts by itself; the button only tries at once instead of waiting for the next probe. */}
        {reason.kind === 'network' && reason.since !== undefined ? 'Retry now' : 'Resume queue'}
      </button>
    </div>
  )
}
