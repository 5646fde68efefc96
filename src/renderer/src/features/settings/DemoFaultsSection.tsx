import { useEffect, useState } from 'react'
import type { DemoFaults } from '@shared/contracts/demo'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'

/** The faults worth rehearsing, in the words of what the person will see. */
const FAULTS: { key: keyof DemoFaults; label: string }[] = [
  { key: 'failed', label: 'Jobs that fail on Segmind' },
  { key: 'contentBlocked', label: 'Images blocked by the content policy' },
  { key: 'submit5xxAfter', label: 'Submits that fail after the job was made (outcome unknown)' },
  { key: 'get5xx', label: 'Status checks answered with a server error' },
  { key: 'burst429', label: 'Rate-limit answers (429)' },
  { key: 'corruptImage', label: 'Downloads that are not an image' },
]

/**
 * Settings > Advanced: demo mode's fault injection (the SOUL_BATCH_DEMO "faults" settings), applied at once to
 * the built-in simulator and saved in the library for the next start. Hidden with a real key: there every
 * failure is real.
 */
export function DemoFaultsSection(): React.JSX.Element | null {
  const [faults, setFaults] = useState<DemoFaults | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    api
      .call('demo.faults', {})
      .then((s) => setFaults(s.faults))
      .catch(() => undefined)
  }, [])
  if (!faults) return null

  async function set(key: keyof DemoFaults, percent: number): Promise<void> {
    setError(null)
    try {
      const next = await api.call('demo.setFaults', { [key]: Math.min(100, Math.max(0, percent)) / 100 })
      setFaults(next.faults)
    } catch (e) {
      setError(messageOf(e))
    }
  }

  return (
    <details className="settings-section settings-advanced" data-testid="settings-advanced">
      <summary className="settings-heading">Advanced: rehearse failures (demo mode)</summary>
      <p className="settings-hint">
        For demo mode only: the built-in simulator fails on purpose, so you can see how the queue copes before real
        money is at stake (with a real key every failure is real). Changes apply at once and are kept for the next
        start; SOUL_BATCH_DEMO, when set, wins for the faults it names (see the README).
      </p>
      <div className="fault-grid">
        {FAULTS.map((f) => (
          <label key={f.key} className="fault-row">
            <span>{f.label}</span>
            <span className="fault-input">
              <input
                type="number"
                className="input input-number"
                min={0}
                max={100}
                step={5}
                aria-label={`${f.label}, percent`}
                value={Math.round(faults[f.key] * 100)}
                onChange={(e) => void set(f.key, Number(e.target.value))}
              />
              %
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </details>
  )
}
