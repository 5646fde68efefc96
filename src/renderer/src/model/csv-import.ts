import { sizeLabel, styleName } from '@shared/catalog'
import type { CsvImport, CsvRowError } from '@shared/contracts'
import type { PromptRow } from '@shared/domain'
import { plural } from './format'

/** csv.parse takes at most 20 million characters; a bigger file is refused before it is read. */
export const MAX_IMPORT_BYTES = 20_000_000

const ACCEPTED = /\.(csv|tsv|txt)$/i
export const ACCEPT_ATTRIBUTE = '.csv,.tsv,.txt,text/csv,text/tab-separated-values'

/** Why a file cannot be imported before reading it, or null when it may be. */
export function fileProblem(file: { name: string; size: number }): string | null {
  if (!ACCEPTED.test(file.name))
    return `"${file.name}" is not a CSV file. Import a .csv or .tsv file (from a spreadsheet: File → Save as CSV).`
  if (file.size > MAX_IMPORT_BYTES)
    return `"${file.name}" is too large to import (${Math.round(file.size / 1_000_000)} MB); split it into files under 20 MB.`
  return null
}

/** The first file of a drop that looks like a prompt sheet; drops of images or folders are ignored. */
export function pickDroppedFile<T extends { name: string }>(files: readonly T[]): T | null {
  return files.find((f) => ACCEPTED.test(f.name)) ?? files[0] ?? null
}

export interface ImportPreview {
  ready: number
  /** When the file as a whole is unusable (empty, header only, binary, no prompt column): the parser's one sentence. */
  fileMessage: string | null
  /** Per-row problems, in line order. */
  errors: CsvRowError[]
  headline: string
}

export function previewImport(result: CsvImport): ImportPreview {
  const ready = result.rows.length
  const only = result.errors.length === 1 ? result.errors[0] : undefined
  const fileMessage = ready === 0 && only && only.column === null ? capitalize(only.message) : null
  const errors = fileMessage ? [] : [...result.errors].sort((a, b) => a.line - b.line)
  let headline: string
  if (fileMessage) headline = 'Nothing to import'
  else if (ready === 0) headline = `No rows ready — ${plural(errors.length, 'problem')} to fix`
  else if (errors.length === 0) headline = `${plural(ready, 'row')} ready`
  else headline = `${plural(ready, 'row')} ready · ${plural(errors.length, 'problem')}`
  return { ready, fileMessage, errors, headline }
}

/** "Line 3 · seed", the way a person finds it in their spreadsheet. */
export function errorLocation(error: CsvRowError): string {
  return error.column ? `Line ${error.line} · ${error.column}` : `Line ${error.line}`
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** The per-row overrides a CSV row carries, as short chips next to its prompt. */
export function rowOverrides(row: PromptRow): string[] {
  const out: string[] = []
  if (row.styleIds) out.push(row.styleIds.map(styleName).join(', '))
  if (row.seed !== undefined) out.push(`seed ${row.seed}`)
  if (row.width_and_height) out.push(sizeLabel(row.width_and_height))
  if (row.quality) out.push(row.quality)
  if (row.style_strength !== undefined) out.push(`strength ${row.style_strength.toFixed(2)}`)
  if (row.enhance_prompt !== undefined) out.push(row.enhance_prompt ? 'enhanced' : 'not enhanced')
  if (row.image_url) out.push('reference image')
  if (row.tags && row.tags.length > 0) out.push(row.tags.map((t) => `#${t}`).join(' '))
  return out
}

/**
 * File bytes to text. Like File.text() for UTF-8, but a spreadsheet's "Unicode text" export (UTF-16 with a byte
 * order mark) is read as what it is instead of as mojibake.
 */
export function decodeFileBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  return new TextDecoder('utf-8').decode(bytes)
}
