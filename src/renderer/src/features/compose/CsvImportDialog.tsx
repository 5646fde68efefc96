import type { PromptRow } from '@shared/domain'
import { plural } from '../../model/format'
import { errorLocation, previewImport, rowOverrides } from '../../model/csv-import'
import { Modal } from '../dialog/Modal'
import type { CsvImportState } from './useCsvImport'

const SAMPLE_ROWS = 4

/** What a CSV file would add to the batch, and every row that could not be read, before anything changes. */
export function CsvImportDialog(props: {
  state: Exclude<CsvImportState, { status: 'closed' }>
  onClose: () => void
  onChooseFile: () => void
  onUse: (rows: PromptRow[], fileName: string) => void
}): React.JSX.Element {
  const { state, onClose, onChooseFile, onUse } = props
  const chooseAnother = (
    <button type="button" className="btn" onClick={onChooseFile}>
      Choose another file…
    </button>
  )

  if (state.status !== 'preview') {
    return (
      <Modal
        focusKey={state.status}
        title="Import prompts from CSV"
        subtitle={state.fileName}
        onClose={onClose}
        testId="csv-import"
        footer={
          <>
            <div className="modal-foot-note" />
            {state.status === 'failed' ? chooseAnother : null}
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
          </>
        }
      >
        {state.status === 'reading' ? (
          <p className="muted">Reading the file…</p>
        ) : (
          <p className="csv-file-message" role="alert" data-testid="csv-file-message">
            {state.message}
          </p>
        )}
      </Modal>
    )
  }

  const preview = previewImport(state.result)
  const rows = state.result.rows
  const footer = (
    <>
      <div className="modal-foot-note">
        {preview.ready > 0 && preview.errors.length > 0 ? (
          <span className="muted">Rows with a problem are left out.</span>
        ) : null}
      </div>
      {preview.ready === 0 ? chooseAnother : null}
      <button type="button" className="btn" onClick={onClose}>
        Cancel
      </button>
      {preview.ready > 0 ? (
        <button
          type="button"
          className="btn btn-primary"
          data-testid="csv-use"
          data-autofocus
          onClick={() => onUse(rows, state.fileName)}
        >
          Use {preview.ready === 1 ? 'this prompt' : `these ${preview.ready.toLocaleString('en-US')} prompts`}
        </button>
      ) : null}
    </>
  )

  return (
    <Modal
      focusKey="preview"
      title="Import prompts from CSV"
      subtitle={state.fileName}
      onClose={onClose}
      footer={footer}
      size="wide"
      testId="csv-import"
    >
      <div className="csv-summary">
        <span className={`csv-summary-count ${preview.ready > 0 ? 'is-ok' : ''}`} data-testid="csv-ready">
          {plural(preview.ready, 'row')} ready
        </span>
        {preview.errors.length > 0 ? (
          <span className="csv-summary-problems" data-testid="csv-problem-count">
            {plural(preview.errors.length, 'problem')}
          </span>
        ) : null}
      </div>

      {preview.fileMessage ? (
        <p className="csv-file-message" role="alert" data-testid="csv-file-message">
          {preview.fileMessage}
        </p>
      ) : null}

      {preview.errors.length > 0 ? (
        <div className="csv-block">
          <h3 className="csv-block-title">
            Not imported <span className="csv-block-hint">fix these lines in the file, then import it again</span>
          </h3>
          <ol className="csv-errors" data-testid="csv-errors">
            {preview.errors.map((e, i) => (
              <li key={`${e.line}-${i}`} className="csv-error" data-testid="csv-error" data-line={e.line}>
                <span className="csv-error-where">{errorLocation(e)}</span>
                <span className="csv-error-message">{e.message}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      {rows.length > 0 ? (
        <div className="csv-block">
          <h3 className="csv-block-title">
            {rows.length > SAMPLE_ROWS ? `First ${SAMPLE_ROWS} of ${rows.length} rows` : 'Rows'}
          </h3>
          <ol className="csv-sample">
            {rows.slice(0, SAMPLE_ROWS).map((row, i) => (
              <li key={i} className="csv-sample-row">
                <span className="csv-sample-prompt" title={row.prompt}>
                  {row.prompt}
                </span>
                <Overrides row={row} />
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </Modal>
  )
}

/** The row's own settings, which win over the batch's for that row only. */
export function Overrides(props: { row: PromptRow }): React.JSX.Element | null {
  const chips = rowOverrides(props.row)
  if (chips.length === 0) return null
  return (
    <span className="row-chips" title="This row's own settings; they replace the batch's for this row">
      {chips.map((c) => (
        <span key={c} className="row-chip">
          {c}
        </span>
      ))}
    </span>
  )
}
