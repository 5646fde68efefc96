import './crash.css'
import { useState } from 'react'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'

type CopyState =
  | { status: 'idle' }
  | { status: 'working' }
  | { status: 'done'; text: string; copied: boolean }
  | { status: 'failed'; message: string }

/** What the window shows after a render error: what happened, Reload, and Copy diagnostics for a bug report. */
export function CrashScreen(props: { error: Error; componentStack: string | null }): React.JSX.Element {
  const [includePrivate, setIncludePrivate] = useState(false)
  const [copy, setCopy] = useState<CopyState>({ status: 'idle' })

  async function copyDiagnostics(): Promise<void> {
    setCopy({ status: 'working' })
    try {
      const stack = [props.error.stack, props.componentStack].filter(Boolean).join('\n')
      const { text } = await api.call('app.diagnostics', {
        includePrivate,
        error: { message: props.error.message, ...(stack ? { stack } : {}), where: 'the window' },
      })
      let copied = true
      try {
        await navigator.clipboard.writeText(text)
      } catch {
        // Some browsers refuse the clipboard without a permission; the text is shown below to copy by hand.
        copied = false
      }
      setCopy({ status: 'done', text, copied })
    } catch (e) {
      setCopy({ status: 'failed', message: messageOf(e) })
    }
  }

  return (
    <div className="crash" role="alert" aria-labelledby="crash-title">
      <div className="crash-card">
        <h1 id="crash-title">This window ran into a problem</h1>
        <p className="crash-lead">
          Your batches keep running and nothing in your library was lost. Reload the window to carry on; if it happens
          again, copy the diagnostics into a bug report.
        </p>
        <pre className="crash-error" aria-label="Error message">
          {props.error.message}
        </pre>
        <label className="crash-private">
          <input type="checkbox" checked={includePrivate} onChange={(e) => setIncludePrivate(e.target.checked)} />
          Include prompts and paths in the diagnostics
        </label>
        <div className="crash-actions">
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <button
            type="button"
            className="btn"
            disabled={copy.status === 'working'}
            onClick={() => void copyDiagnostics()}
          >
            Copy diagnostics
          </button>
          <span className="crash-status" role="status">
            {copy.status === 'done'
              ? copy.copied
                ? 'Copied to the clipboard.'
                : 'The clipboard is not available here: select the text below and copy it.'
              : copy.status === 'failed'
                ? `Could not collect diagnostics: ${copy.message}`
                : ''}
          </span>
        </div>
        {copy.status === 'done' ? (
          <textarea className="crash-text" aria-label="Diagnostics text" readOnly value={copy.text} rows={10} />
        ) : null}
      </div>
    </div>
  )
}
