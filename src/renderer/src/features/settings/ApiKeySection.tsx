import { useEffect, useRef, useState } from 'react'
import type { KeyStatus } from '@shared/contracts'
import { asAppError } from '@shared/errors'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { balanceText, keyTestFailure, type BalanceText } from '../../model/settings-form'
import { keyStatusText } from '../../model/key-status'
import { useSession } from '../../stores/session'

type Outcome = { tone: 'ok' | 'error'; text: BalanceText }

/**
 * The key: typed or pasted into a masked field, saved by the core (OS keychain on the desktop, a file only you can
 * read otherwise) and used at once, without a restart. The window never gets the key back: only whether one is
 * saved, where the live one comes from and its last four characters.
 */
export function ApiKeySection(props: { price: number }): React.JSX.Element {
  const [status, setStatus] = useState<KeyStatus | null>(null)
  const [draft, setDraft] = useState('')
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const resultRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    api
      .call('key.status', {})
      .then(setStatus)
      .catch(() => undefined)
  }, [])
  // The answer appears at the bottom of a scrolling dialog: bring it into view.
  useEffect(() => {
    if (outcome) resultRef.current?.scrollIntoView({ block: 'nearest' })
  }, [outcome])

  /** The top bar's demo badge follows the key at once. */
  async function refreshInfo(): Promise<void> {
    const info = await api.call('app.info', {})
    useSession.getState().setInfo(info)
  }

  async function run(action: 'save' | 'test' | 'remove'): Promise<void> {
    setBusy(action)
    setOutcome(null)
    const typed = draft.trim()
    try {
      if (action === 'test') {
        const credits = await api.call('key.test', typed ? { key: typed } : {})
        const demo = !typed && (status?.demoMode ?? false)
        setOutcome({ tone: 'ok', text: balanceText(credits, demo, props.price) })
      } else {
        const next = action === 'save' ? await api.call('key.save', { key: typed }) : await api.call('key.remove', {})
        setStatus(next)
        setDraft('')
        await refreshInfo()
        setOutcome({
          tone: 'ok',
          text: { headline: action === 'save' ? 'Key saved.' : 'Key removed.', detail: keyStatusText(next) },
        })
      }
    } catch (error) {
      const e = asAppError(error)
      setOutcome({
        tone: 'error',
        text: action === 'test' ? keyTestFailure(e) : { headline: 'The key was not saved.', detail: messageOf(e) },
      })
    } finally {
      setBusy(null)
    }
  }

  return (
    <section className="settings-section" aria-labelledby="settings-key">
      <h3 id="settings-key" className="settings-heading">
        Segmind key
      </h3>
      <p className="settings-hint" data-testid="key-status">
        {status ? keyStatusText(status) : 'Checking…'}
      </p>
      <div className="settings-field settings-field-wide">
        <label htmlFor="settings-api-key" className="option-label">
          API key
        </label>
        <div className="key-row">
          <input
            id="settings-api-key"
            type="password"
            className="input"
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            placeholder={
              status?.last4 ? `Saved key ends in …${status.last4}; paste a new one to replace it` : 'Paste your key'
            }
            value={draft}
            data-testid="settings-api-key"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && draft.trim()) {
                e.preventDefault()
                void run('save')
              }
            }}
          />
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy !== null || draft.trim() === ''}
            data-testid="settings-save-key"
            onClick={() => void run('save')}
          >
            {busy === 'save' ? 'Saving…' : 'Save key'}
          </button>
        </div>
      </div>
      <div className="key-check">
        <button
          type="button"
          className="btn"
          disabled={busy !== null}
          data-testid="settings-test-key"
          title={
            draft.trim()
              ? 'Asks Segmind for the balance of the key you typed'
              : 'Asks for the balance of the key in use'
          }
          onClick={() => void run('test')}
        >
          {busy === 'test' ? 'Checking…' : 'Test key'}
        </button>
        {status?.stored ? (
          <button
            type="button"
            className="btn btn-ghost-danger"
            disabled={busy !== null}
            data-testid="settings-remove-key"
            onClick={() => void run('remove')}
          >
            Remove
          </button>
        ) : null}
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
