import { parse, type CsvError } from 'csv-parse/sync'
import type { CsvImport, CsvRowError } from '@shared/contracts'
import { PromptRowSchema, type PromptRow } from '@shared/domain/batch'
import { FIELD_OF_COLUMN, KNOWN_COLUMNS, applyColumn, columnForHeader, echo, type ColumnKey } from './csv-columns'
import { delimiterName, looksBinary, normalizeText, sniffDelimiter, unusedDelimiter, type Delimiter } from './csv-text'

/**
 * Prompt CSV -> PromptRows with one error per bad cell, each on the physical line where its row starts.
 *
 * Decisions (documented for users in the CLI's --help and the UI's import dialog):
 * - Header row first; column names are case-insensitive ("Style Strength" = style_strength).
 * - Several styles or tags in one cell are separated by `|`; styles by name or id, or `all`.
 * - An empty cell means "use the batch's setting". Whitespace inside quotes is kept; outside it is trimmed.
 * - Unknown columns produce ONE error on the header line and their values are ignored; the rows are still
 *   returned, so a caller may go ahead (the CLI's --skip-invalid) after showing it.
 * - Only valid rows are returned; a row with any error is left out and reported.
 * - Line breaks inside quoted fields are normalised to \n.
 */

/** MatrixSchema's cap; beyond it the file is cut off with an error instead of failing at batch creation. */
export const MAX_CSV_ROWS = 10_000

const EMPTY_FILE = 'The file is empty: the first row must be a header with a "prompt" column, then one row per prompt.'
const BINARY_FILE =
  'This is not a CSV text file (it contains binary data). Save the sheet as "CSV UTF-8" and import that file.'

interface CsvRecord {
  fields: string[]
  /** Physical line where the record starts (1-based). */
  line: number
}

interface ReadResult {
  records: CsvRecord[]
  fatal: CsvRowError | null
}

export function parseCsv(text: string): CsvImport {
  let delimiter: Delimiter = ','
  try {
    if (looksBinary(text)) return fileError(BINARY_FILE, delimiter)
    const normalized = normalizeText(text)
    if (normalized.trim() === '') return fileError(EMPTY_FILE, delimiter)
    const sniffed = sniffDelimiter(normalized)
    delimiter = sniffed ?? ','
    return importRecords(readRecords(normalized, sniffed ?? unusedDelimiter(normalized)), delimiter)
  } catch (e) {
    // A pure parser must never surface a stack trace to a person; this is the last net for a bug of ours.
    const reason = e instanceof Error ? e.message : String(e)
    return fileError(`The file could not be read as CSV: ${reason}`, delimiter)
  }
}

function fileError(message: string, delimiter: string, line = 1): CsvImport {
  return { rows: [], errors: [{ line, column: null, message }], delimiter }
}

function readRecords(normalized: string, delimiter: string): ReadResult {
  const records: CsvRecord[] = []
  let lastEndLine = 0
  try {
    parse(normalized, {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      on_record: (fields: string[], ctx) => {
        // csv-parse reports the line where a record ENDS; embedded line breaks tell us where it started.
        const embedded = fields.reduce((n, f) => n + countLineBreaks(f), 0)
        records.push({ fields, line: ctx.lines - embedded })
        lastEndLine = ctx.lines
        return null
      },
    })
    return { records, fatal: null }
  } catch (e) {
    return { records, fatal: describeFatal(e as CsvError, normalized, lastEndLine) }
  }
}

function countLineBreaks(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++
  return n
}

function describeFatal(e: CsvError, normalized: string, lastEndLine: number): CsvRowError {
  const errLine = typeof e.lines === 'number' ? e.lines : lastEndLine + 1
  const notRead = 'rows after it were not read'
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    const line = firstNonBlankLineAfter(normalized, lastEndLine)
    return {
      line,
      column: null,
      message: `a quoted field that starts on this line is never closed (a missing closing "); ${notRead}`,
    }
  }
  if (e.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' || e.code === 'CSV_INVALID_CLOSING_QUOTE') {
    return {
      line: errLine,
      column: null,
      message: `text follows a closing quote: a field that starts with " must end with " (write "" for a quote inside it); ${notRead}`,
    }
  }
  return { line: errLine, column: null, message: `this line could not be read as CSV (${e.code}); ${notRead}` }
}

function firstNonBlankLineAfter(normalized: string, afterLine: number): number {
  const lines = normalized.split('\n')
  for (let i = afterLine; i < lines.length; i++) if (lines[i]!.trim() !== '') return i + 1
  return afterLine + 1
}

function isBlankRecord(r: CsvRecord): boolean {
  return r.fields.every((f) => f.trim() === '')
}

interface HeaderMap {
  /** For each field index: the column it fills, or null when ignored. */
  keys: (ColumnKey | null)[]
  /** The header text as the file wrote it, for messages. */
  names: string[]
  errors: CsvRowError[]
}

function readHeader(header: CsvRecord): HeaderMap {
  const keys: (ColumnKey | null)[] = []
  const seen = new Map<ColumnKey, string>()
  const unknown: string[] = []
  const errors: CsvRowError[] = []
  for (const name of header.fields) {
    const key = columnForHeader(name)
    if (key === undefined) {
      if (name.trim() !== '') unknown.push(name)
      keys.push(null)
    } else if (seen.has(key)) {
      errors.push({
        line: header.line,
        column: name,
        message: `column ${echo(name)} repeats column ${echo(seen.get(key)!)}: keep only one of them (this one is ignored)`,
      })
      keys.push(null)
    } else {
      seen.set(key, name)
      keys.push(key)
    }
  }
  if (unknown.length > 0) {
    errors.push({
      line: header.line,
      column: unknown.join(', '),
      message:
        `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map(echo).join(', ')} (values ignored) — ` +
        `known columns: ${KNOWN_COLUMNS.join(', ')}`,
    })
  }
  return { keys, names: header.fields, errors }
}

function importRecords({ records, fatal }: ReadResult, delimiter: Delimiter): CsvImport {
  const content = records.filter((r) => !isBlankRecord(r))
  const header = content[0]
  if (!header) return fatal ? { rows: [], errors: [fatal], delimiter } : fileError(EMPTY_FILE, delimiter)

  const map = readHeader(header)
  if (!map.keys.includes('prompt')) {
    const found = header.fields
      .filter((f) => f.trim() !== '')
      .map(echo)
      .join(', ')
    return fileError(
      `The header row has no "prompt" column (found ${found}). The first row must name the columns: ` +
        `${KNOWN_COLUMNS.join(', ')}; only prompt is required.`,
      delimiter,
      header.line,
    )
  }
  const body = content.slice(1)
  if (body.length === 0 && !fatal) {
    return fileError('The file has a header row but no prompt rows under it.', delimiter)
  }

  const rows: PromptRow[] = []
  const errors: CsvRowError[] = [...map.errors]
  for (const record of body) {
    if (rows.length >= MAX_CSV_ROWS) {
      errors.push({
        line: record.line,
        column: null,
        message: `a batch holds at most ${MAX_CSV_ROWS} prompts; this row and the rows after it were not read`,
      })
      break
    }
    const result = importRow(record, map, delimiter)
    if ('row' in result) rows.push(result.row)
    else errors.push(...result.errors)
  }
  if (fatal) errors.push(fatal)
  errors.sort((a, b) => a.line - b.line)
  return { rows, errors, delimiter }
}

function importRow(
  record: CsvRecord,
  map: HeaderMap,
  delimiter: Delimiter,
): { row: PromptRow } | { errors: CsvRowError[] } {
  const errors: CsvRowError[] = []
  const fail = (column: string | null, message: string): void => {
    errors.push({ line: record.line, column, message })
  }
  const draft: Partial<PromptRow> = {}
  const extra = record.fields.slice(map.keys.length).filter((f) => f.trim() !== '')
  if (extra.length > 0) {
    fail(
      null,
      `this row has ${map.keys.length + extra.length} fields but the header has ${map.keys.length}: ` +
        `quote any value that contains ${delimiterName(delimiter)}`,
    )
  }
  map.keys.forEach((key, i) => {
    const raw = record.fields[i] ?? ''
    if (raw.trim() === '') return
    const name = map.names[i] ?? ''
    if (key === null) {
      if (name.trim() === '')
        fail(`column ${i + 1}`, `column ${i + 1} has no header name, so ${echo(raw)} has nowhere to go`)
      return
    }
    const problem = applyColumn(draft, key, raw)
    if (problem !== null) fail(name, problem)
  })
  const promptName = map.names[map.keys.indexOf('prompt')] ?? 'prompt'
  if (!draft.prompt && !errors.some((e) => e.column === promptName)) fail(promptName, 'prompt is empty')
  if (errors.length > 0) return { errors }

  const checked = PromptRowSchema.safeParse(draft)
  if (checked.success) return { row: checked.data }
  for (const issue of checked.error.issues) {
    const field = issue.path[0]
    const i = map.keys.findIndex((k) => k !== null && FIELD_OF_COLUMN[k] === field)
    fail(i >= 0 ? (map.names[i] ?? null) : null, issue.message)
  }
  return { errors }
}
