import { formatCount } from '@shared/format/numbers'
import { parsePrompts, PROMPT_LIMIT, PROMPT_WARN_AT, type ComposeDraft } from '../../model/compose-draft'
import { plural } from '../../model/format'
import { RecentPrompts } from './RecentPrompts'
import { ImportedRows } from './ImportedRows'

const PLACEHOLDER = [
  'A lighthouse keeper at dawn, wind in her hair',
  'Two friends sharing noodles at a night market',
  'A jazz drummer mid-solo, sweat on his brow',
].join('\n')

/** Typed prompts (one per line) and, when a CSV was imported, its rows above them. */
export function PromptsField(props: {
  draft: ComposeDraft
  invalid: boolean
  onChange: (patch: Partial<ComposeDraft>) => void
  onImport: () => void
}): React.JSX.Element {
  const { draft, invalid, onChange, onImport } = props
  const typed = parsePrompts(draft.promptsText).length
  const imported = draft.imported?.rows.length ?? 0
  // The longest typed line: Segmind refuses a prompt over 4,000 characters, so warn on the way there.
  const longest = draft.promptsText.split(/\r?\n/).reduce((m, line) => Math.max(m, line.trim().length), 0)
  const lengthTone = longest > PROMPT_LIMIT ? 'is-over' : longest >= PROMPT_WARN_AT ? 'is-near' : ''
  return (
    <section className="field">
      <div className="field-head">
        <label htmlFor="compose-prompts" className="field-label">
          Prompts
        </label>
        <span className="field-meta" data-testid="compose-prompt-count">
          {plural(typed + imported, 'prompt')}
          {imported > 0 ? (
            <span className="field-hint">
              {' '}
              ({imported} imported{typed > 0 ? `, ${typed} typed` : ''})
            </span>
          ) : null}
        </span>
        <span className="field-hint">One per line</span>
        {longest >= PROMPT_WARN_AT ? (
          <span className={`length-counter ${lengthTone}`} data-testid="compose-length" role="status">
            Longest prompt {formatCount(longest)} / {formatCount(PROMPT_LIMIT)} characters
          </span>
        ) : null}
        <span className="field-actions">
          <RecentPrompts
            onPick={(prompt) =>
              onChange({ promptsText: draft.promptsText.trim() ? `${draft.promptsText.trimEnd()}\n${prompt}` : prompt })
            }
          />
          <button
            type="button"
            className="btn btn-small"
            data-testid="compose-import-csv"
            title="Rows of a spreadsheet saved as CSV: a prompt column, plus optional style, seed, size… per row. You can also drop the file here."
            onClick={onImport}
          >
            Import CSV…
          </button>
        </span>
      </div>
      {draft.imported ? (
        <ImportedRows imported={draft.imported} onReplace={onImport} onClear={() => onChange({ imported: null })} />
      ) : null}
      <textarea
        id="compose-prompts"
        className={`textarea ${invalid ? 'is-invalid' : ''} ${draft.imported ? 'textarea-short' : ''}`}
        data-testid="compose-prompts"
        aria-invalid={invalid ? true : undefined}
        placeholder={draft.imported ? 'Add more prompts here, one per line (optional)' : PLACEHOLDER}
        spellCheck={false}
        rows={draft.imported ? 3 : 7}
        value={draft.promptsText}
        onChange={(e) => onChange({ promptsText: e.target.value })}
      />
    </section>
  )
}
