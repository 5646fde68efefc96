import { useEffect, useRef } from 'react'
import { formatEstimate, formatPriceNote } from '../../model/format'
import { CostConfirmDialog } from '../cost/CostConfirmDialog'
import { ACCEPT_ATTRIBUTE } from '../../model/csv-import'
import { useCompose } from '../../stores/compose'
import { modalIsOpen } from '../dialog/Modal'
import { CsvImportDialog } from './CsvImportDialog'
import { OutputOptions } from './OutputOptions'
import { PromptsField } from './PromptsField'
import { StylePicker } from './StylePicker'
import { useCsvImport } from './useCsvImport'
import { useFileDrop } from './useFileDrop'
import { useEstimate } from './useEstimate'
import { useGenerate } from './useGenerate'

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

export function ComposePanel(): React.JSX.Element {
  const draft = useCompose((s) => s.draft)
  const update = useCompose((s) => s.update)
  const estimate = useEstimate(draft)
  const { busy, problems, serverErrors, generate, confirmation, confirm, cancelConfirmation } = useGenerate(draft)
  const csv = useCsvImport()
  const drop = useFileDrop((file) => void csv.importFile(file))
  const fileInput = useRef<HTMLInputElement>(null)
  const chooseFile = (): void => fileInput.current?.click()
  const errors = [problems.prompts, problems.styles, problems.seed, problems.budgetCap, ...serverErrors].filter(
    (e): e is string => Boolean(e),
  )
  // The core's refusal of the whole draft (a batch over the size limit) shows before anyone clicks Generate.
  const refusal = estimate && 'refused' in estimate ? estimate.refused : null
  const shownErrors = errors.length > 0 ? errors : refusal !== null ? [refusal] : []
  const priceNote = estimate && !('refused' in estimate) ? formatPriceNote(estimate) : null

  // Ctrl/Cmd+Enter generates from anywhere in the form, the way chat and code tools send.
  const generateRef = useRef(generate)
  useEffect(() => {
    generateRef.current = generate
  })
  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !modalIsOpen()) {
        e.preventDefault()
        void generateRef.current()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className={`compose ${drop.active ? 'is-dropping' : ''}`} {...drop.handlers}>
      {drop.active ? (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-box">
            <strong>Drop a CSV file to import its prompts</strong>
            <span>A header row with a prompt column; .csv or .tsv</span>
          </div>
        </div>
      ) : null}
      <input
        ref={fileInput}
        type="file"
        accept={ACCEPT_ATTRIBUTE}
        hidden
        data-testid="compose-csv-input"
        onChange={(e) => {
          const file = e.target.files?.[0]
          // Cleared so choosing the same file again (after fixing it) fires another change.
          e.target.value = ''
          if (file) void csv.importFile(file)
        }}
      />
      {csv.state.status !== 'closed' ? (
        <CsvImportDialog
          state={csv.state}
          onClose={csv.close}
          onChooseFile={chooseFile}
          onUse={(rows, fileName) => {
            update({ imported: { fileName, rows } })
            csv.close()
          }}
        />
      ) : null}
      <div className="compose-scroll">
        <div className="compose-inner">
          <header className="page-head">
            <h1 className="page-title">New batch</h1>
            <p className="page-sub">
              Every prompt is rendered in every selected style, so you can compare them side by side.
            </p>
          </header>

          <PromptsField draft={draft} invalid={Boolean(problems.prompts)} onChange={update} onImport={chooseFile} />

          <StylePicker
            selected={draft.styleIds}
            invalid={Boolean(problems.styles)}
            onChange={(styleIds) => update({ styleIds })}
          />

          <OutputOptions draft={draft} seedProblem={problems.seed} onChange={update} />

          <div className="field-pair">
            <section className="field field-grow">
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
            <section className="field field-cap">
              <div className="field-head">
                <label htmlFor="compose-budget-cap" className="field-label">
                  Budget cap
                </label>
                <span className="field-hint">USD, optional</span>
              </div>
              <input
                id="compose-budget-cap"
                className={`input ${problems.budgetCap ? 'is-invalid' : ''}`}
                inputMode="decimal"
                placeholder="No cap"
                data-testid="compose-budget-cap"
                title="The batch pauses before the image that would take its spend past this amount."
                aria-invalid={problems.budgetCap ? true : undefined}
                value={draft.budgetCapText}
                onChange={(e) => update({ budgetCapText: e.target.value })}
              />
            </section>
          </div>
        </div>
      </div>

      <footer className="compose-footer">
        <div className="compose-footer-inner">
          <div className="compose-summary">
            {shownErrors.length > 0 ? (
              <div className="compose-error" data-testid="compose-error" role="alert">
                {shownErrors.map((e) => (
                  <p key={e}>{e}</p>
                ))}
              </div>
            ) : (
              <p className="compose-estimate" data-testid="compose-estimate">
                {estimate && !('refused' in estimate)
                  ? formatEstimate(estimate)
                  : 'Add prompts and pick styles to see the cost.'}
                {priceNote ? <span className="compose-price">{priceNote}</span> : null}
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
      {confirmation ? (
        <CostConfirmDialog
          estimate={confirmation.estimate}
          settings={confirmation.settings}
          onConfirm={() => void confirm()}
          onCancel={cancelConfirmation}
        />
      ) : null}
    </div>
  )
}
