import { styleName } from '@shared/catalog'
import type { PromptRow } from '@shared/domain/batch'
import { LIST_SEPARATOR } from './csv-columns'

/**
 * PromptRows -> CSV that parseCsv reads back to the same rows, so an exported matrix re-imports unchanged.
 * Comma-delimited, CRLF, with a UTF-8 BOM because Excel guesses the wrong encoding without one. Styles are
 * written by name (readable, and names resolve back to the same ids).
 *
 * What cannot survive a round trip, by the importer's rules: a `|` inside a tag (it separates tags), tags that
 * are blank, repeated or padded with spaces, a name that is only whitespace, and a CR inside a prompt (line
 * breaks are normalised to \n).
 */
const COLUMNS: readonly { header: string; value: (r: PromptRow) => string | undefined }[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'prompt', value: (r) => r.prompt },
  { header: 'style', value: (r) => r.styleIds?.map(styleName).join(LIST_SEPARATOR) },
  // A row's own seed list travels like styles: "7|42|1234" in the seed column.
  { header: 'seed', value: (r) => r.seeds?.join(LIST_SEPARATOR) ?? r.seed?.toString() },
  { header: 'size', value: (r) => r.width_and_height },
  { header: 'quality', value: (r) => r.quality },
  { header: 'style_strength', value: (r) => r.style_strength?.toString() },
  { header: 'enhance_prompt', value: (r) => r.enhance_prompt?.toString() },
  { header: 'image_url', value: (r) => r.image_url },
  { header: 'tags', value: (r) => r.tags?.join(LIST_SEPARATOR) },
]

const BOM = '\uFEFF'
const EOL = '\r\n'

export function rowsToCsv(rows: readonly PromptRow[]): string {
  // Only the columns some row uses, so a plain prompt list exports as a plain prompt list.
  const used = COLUMNS.filter((c) => c.header === 'prompt' || rows.some((r) => c.value(r) !== undefined))
  const lines = [used.map((c) => c.header).join(',')]
  for (const row of rows) lines.push(used.map((c) => quote(c.value(row) ?? '')).join(','))
  return BOM + lines.join(EOL) + EOL
}

/** Quotes when a reader could split, merge or trim the value; doubles inner quotes (RFC 4180). */
export function quote(value: string): string {
  const needs = /[",;\t\r\n]/.test(value) || value !== value.trim()
  return needs ? `"${value.replace(/"/g, '""')}"` : value
}
