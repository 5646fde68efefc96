import { useSession } from '../../stores/session'
import { pauseAdvice, pauseHeadline } from '../../model/queue-text'
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
        {problem && reason.message ? <span className="banner-detail">{reason.message}</span> : null}
        <span className="banner-advice">{pauseAdvice(reason)}</span>
      </div>
      <button
        type="button"
        className={`btn ${problem ? 'btn-primary' : ''}`}
        disabled={busy}
        onClick={() => void toggle(true)}
      >
        Resume queue
      </button>
    </div>
  )
}
