import { useEffect, useRef, useState } from 'react'
import { asAppError } from '@shared/errors'
import { api } from '../../api'
import { balanceText, keyTestFailure, type BalanceText } from '../../model/settings-form'
import { useSession } from '../../stores/session'

type Outcome = { tone: 'ok' | 'error'; text: BalanceText }

/**
 * Checks the key by asking for the balance (free, runs no model). The key itself is never shown or typed here:
 * it comes from the environment, so it cannot end up in a screenshot or a saved file.
 */
export function KeyCheck(): React.JSX.Element {
  const demoMode = useSession((s) => s.info?.demoMode ?? false)
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const resultRef = useRef<HTMLDivElement>(null)
  // The answer appears at the bottom of a scrolling dialog: bring it into view.
  useEffect(() => {
    if (outcome) resultRef.current?.scrollIntoView({ block: 'nearest' })
  }, [outcome])

  async function check(): Promise<void> {
    setBusy(true)
    setOutcome(null)
    try {
      const credits = await api.call('credits.check', {})
      setOutcome({ tone: 'ok', text: balanceText(credits, demoMode) })
    } catch (error) {
      setOutcome({ tone: 'error', text: keyTestFailure(asAppError(error)) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="settings-section" aria-labelledby="settings-key">
      <h3 id="settings-key" className="settings-heading">
        API key
      </h3>
      <p className="settings-hint">
        {demoMode
          ? 'No key is set, so the built-in simulator answers. Set SEGMIND_API_KEY in the environment and restart to use Segmind.'
          : 'Read from the SEGMIND_API_KEY environment variable; it is never shown, typed or stored here.'}
      </p>
      <div className="key-check">
        <button
          type="button"
          className="btn"
          disabled={busy}
          data-testid="settings-test-key"
          onClick={() => void check()}
        >
          {busy ? 'Checking…' : 'Test key and show balance'}
        </button>
        {outcome ? (
          <div
            ref={resultRef}
            className={`key-result key-result-${outcome.tone}`}
            data-testid="credits-result"
            data-tone={outcome.tone}
            role={outcome.tone === 'error' ? 'alert' : 'status'}
          >
            <strong>{outcome.text.headline}</strong>
            <span>{outcome.text.detail}</span>
          </div>
        ) : null}
      </div>
    </section>
  )
}
