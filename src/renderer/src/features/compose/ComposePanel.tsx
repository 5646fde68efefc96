import { useEffect, useRef } from 'react'
import { formatEstimate, plural } from '../../model/format'
import { useCompose } from '../../stores/compose'
import { OutputOptions } from './OutputOptions'
import { parsePrompts } from '../../model/compose-draft'
import { StylePicker } from './StylePicker'
import { useEstimate } from './useEstimate'
import { useGenerate } from './useGenerate'

const PLACEHOLDER = [
  'A lighthouse keeper at dawn, wind in her hair',
  'Two friends sharing noodles at a night market',
  'A jazz drummer mid-solo, sweat on his brow',
].join('\n')

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

export function ComposePanel(): React.JSX.Element {
  const draft = useCompose((s) => s.draft)
  const update = useCompose((s) => s.update)
  const estimate = useEstimate(draft)
  const { busy, problems, serverErrors, generate } = useGenerate(draft)
  const promptCount = parsePrompts(draft.promptsText).length
  const errors = [problems.prompts, problems.styles, ...serverErrors].filter((e): e is string => Boolean(e))

  // Ctrl/Cmd+Enter generates from anywhere in the form, the way chat and code tools send.
  const generateRef = useRef(generate)
  useEffect(() => {
    generateRef.current = generate
  })
  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault()
        void generateRef.current()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="compose">
      <div className="compose-scroll">
        <div className="compose-inner">
          <header className="page-head">
            <h1 className="page-title">New batch</h1>
            <p className="page-sub">
              Every prompt is rendered in every selected style, so you can compare them side by side.
            </p>
          </header>

          <section className="field">
            <div className="field-head">
              <label htmlFor="compose-prompts" className="field-label">
                Prompts
              </label>
              <span className="field-meta" data-testid="compose-prompt-count">
                {plural(promptCount, 'prompt')}
              </span>
              <span className="field-hint">One per line</span>
            </div>
            <textarea
              id="compose-prompts"
              className={`textarea ${problems.prompts ? 'is-invalid' : ''}`}
              data-testid="compose-prompts"
              aria-invalid={problems.prompts ? true : undefined}
              placeholder={PLACEHOLDER}
              spellCheck={false}
              rows={7}
              value={draft.promptsText}
              onChange={(e) => update({ promptsText: e.target.value })}
            />
          </section>

          <StylePicker
            selected={draft.styleIds}
            invalid={Boolean(problems.styles)}
            onChange={(styleIds) => update({ styleIds })}
          />

          <OutputOptions draft={draft} onChange={update} />

          <section className="field">
            <div className="field-head">
              <label htmlFor="compose-name" className="field-label">
                Name
              </label>
              <span className="field-hint">Optional</span>
            </div>
            <input
              id="compose-name"
              className="input"
              placeholder="Leave empty for an automatic name"
              maxLength={200}
              value={draft.name}
              onChange={(e) => update({ name: e.target.value })}
            />
          </section>
        </div>
      </div>

      <footer className="compose-footer">
        <div className="compose-footer-inner">
          <div className="compose-summary">
            {errors.length > 0 ? (
              <div className="compose-error" data-testid="compose-error" role="alert">
                {errors.map((e) => (
                  <p key={e}>{e}</p>
                ))}
              </div>
            ) : (
              <p className="compose-estimate" data-testid="compose-estimate">
                {estimate ? formatEstimate(estimate) : 'Add prompts and pick styles to see the cost.'}
              </p>
            )}
          </div>
          <button
            type="button"
            className="btn btn-primary btn-large"
            data-testid="compose-generate"
            disabled={busy}
            onClick={() => void generate()}
          >
            {busy ? 'Creating…' : 'Generate'}
            <kbd className="kbd">{IS_MAC ? '⌘' : 'Ctrl'} ↵</kbd>
          </button>
        </div>
      </footer>
    </div>
  )
}
