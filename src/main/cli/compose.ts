import type { CsvImport, CsvRowError } from '@shared/contracts'
import { MatrixSchema, PromptRowSchema, type Matrix, type PromptRow } from '@shared/domain/batch'
import { parsePrompt } from '../importers/csv-columns'
import type { RunCommand } from './args'

/**
 * From a parsed `run` command (and its CSV, already parsed) to the matrix the core stores. Pure, so the rules
 * "CSV values win over flags" and "a bad CSV is refused row by row" are tested without a process.
 */

export type Composed = { ok: true; matrix: Matrix; notes: string[] } | { ok: false; lines: string[] }

/** `file.csv:LINE: column: message`, the shape editors and CI annotate. */
export function formatCsvError(label: string, e: CsvRowError): string {
  return `${label}:${e.line}: ${e.column === null ? '' : `${e.column}: `}${e.message}`
}

/**
 * What to do with an imported CSV. Errors refuse the file unless --skip-invalid, and then they become notes
 * ("skipped") printed before the run; a file with no usable row is refused either way.
 */
export function acceptCsv(
  label: string,
  csv: CsvImport,
  skipInvalid: boolean,
): { ok: true; rows: PromptRow[]; notes: string[] } | { ok: false; lines: string[] } {
  const lines = csv.errors.map((e) => formatCsvError(label, e))
  if (csv.rows.length === 0) {
    // A file-level problem (empty, header only, not a CSV) is one sentence; otherwise every row was bad.
    if (csv.errors.length <= 1) return { ok: false, lines }
    return { ok: false, lines: [...lines, `${label}: no valid rows (${csv.errors.length} errors above)`] }
  }
  if (csv.errors.length === 0) return { ok: true, rows: csv.rows, notes: [] }
  if (!skipInvalid) {
    const rowsWord = csv.errors.length === 1 ? 'error' : 'errors'
    return {
      ok: false,
      lines: [
        ...lines,
        `${label}: ${csv.errors.length} ${rowsWord}; fix the file, or add --skip-invalid to run the ${csv.rows.length} valid rows`,
      ],
    }
  }
  return {
    ok: true,
    rows: csv.rows,
    notes: [
      ...lines.map((l) => `skipped ${l}`),
      `${label}: running ${csv.rows.length} valid rows, ${csv.errors.length} problems skipped`,
    ],
  }
}

export function composeMatrix(cmd: RunCommand, csvRows: PromptRow[] | null): Composed {
  const prompts: PromptRow[] = []
  if (csvRows) prompts.push(...csvRows)
  else {
    for (const text of cmd.prompts) {
      const parsed = parsePrompt(text)
      if ('error' in parsed) return { ok: false, lines: [`--prompt: ${parsed.error}`] }
      prompts.push(PromptRowSchema.parse({ prompt: parsed.value }))
    }
  }
  // Row values (CSV) are PromptRow overrides; the flags below are the batch's defaults.
  const matrix = MatrixSchema.safeParse({
    prompts,
    styleIds: cmd.styleIds,
    seeds: cmd.seeds,
    width_and_height: cmd.size,
    quality: cmd.quality,
    style_strength: cmd.strength,
    enhance_prompt: cmd.enhance,
  })
  if (!matrix.success) {
    return { ok: false, lines: matrix.error.issues.map((i) => `${i.path.join('.') || 'matrix'}: ${i.message}`) }
  }
  return { ok: true, matrix: matrix.data, notes: [] }
}

/** A default batch name a person recognises in the list: the CSV's file name, else the first prompt. */
export function defaultBatchName(cmd: RunCommand, csvLabel: string | null): string {
  if (cmd.name) return cmd.name
  if (csvLabel) return csvLabel
  const first = cmd.prompts[0] ?? 'batch'
  const more = cmd.prompts.length > 1 ? ` (+${cmd.prompts.length - 1})` : ''
  return (first.length > 60 ? `${first.slice(0, 60)}…` : first) + more
}
