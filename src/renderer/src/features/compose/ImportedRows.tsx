import type { ImportedPrompts } from '../../model/compose-draft'
import { plural } from '../../model/format'
import { Overrides } from './CsvImportDialog'

/** Enough to check an import at a glance; every row is still sent, the list just stops drawing. */
const SHOWN_ROWS = 200

export function ImportedRows(props: {
  imported: ImportedPrompts
  onReplace: () => void
  onClear: () => void
}): React.JSX.Element {
  const { imported, onReplace, onClear } = props
  const hidden = imported.rows.length - SHOWN_ROWS
  return (
    <div className="imported" data-testid="compose-imported">
      <div className="imported-head">
        <span className="imported-icon" aria-hidden="true">
          CSV
        </span>
        <span className="imported-title">
          <strong>{plural(imported.rows.length, 'prompt')}</strong> from{' '}
          <span className="imported-file">{imported.fileName}</span>
        </span>
        <span className="field-actions">
          <button type="button" className="link-btn" onClick={onReplace}>
            Replace…
          </button>
          <button type="button" className="link-btn" data-testid="compose-clear-import" onClick={onClear}>
            Clear import
          </button>
        </span>
      </div>
      <ol className="imported-rows">
        {imported.rows.slice(0, SHOWN_ROWS).map((row, i) => (
          <li key={i} className="imported-row" data-testid="compose-imported-row">
            <span className="imported-index">{i + 1}</span>
            <span className="imported-prompt" title={row.prompt}>
              {row.prompt}
            </span>
            <Overrides row={row} />
          </li>
        ))}
        {hidden > 0 ? <li className="imported-more">and {plural(hidden, 'more row')} (all are used)</li> : null}
      </ol>
    </div>
  )
}
