import { QUALITIES, SEED_MAX, SEED_MIN, SOUL_SIZES, SOUL_STYLES, isSoulSize, resolveStyle } from '@shared/catalog'
import { parseSeedList } from '@shared/domain/seed-list'
import type { SoulQuality, SoulSize } from '@shared/catalog'
import type { PromptRow } from '@shared/domain/batch'

/**
 * The columns a prompt CSV may have and how each cell becomes a PromptRow field. Every parser returns either a
 * value or a sentence that names the column's rule and echoes what the file said, because that sentence is
 * shown to the user next to the line number.
 */
export type ColumnKey =
  'prompt' | 'name' | 'style' | 'seed' | 'size' | 'quality' | 'style_strength' | 'enhance_prompt' | 'image_url' | 'tags'

/** Several values in one cell (styles, tags) are separated by `|`: it never clashes with a sniffed delimiter. */
export const LIST_SEPARATOR = '|'

export const KNOWN_COLUMNS: readonly ColumnKey[] = [
  'prompt',
  'style',
  'seed',
  'size',
  'quality',
  'style_strength',
  'enhance_prompt',
  'image_url',
  'tags',
  'name',
]

/** Header spellings people use for the same column (after lower-casing and turning spaces/dashes into `_`). */
const HEADER_ALIASES: Readonly<Record<string, ColumnKey>> = {
  prompt: 'prompt',
  name: 'name',
  style: 'style',
  styles: 'style',
  style_id: 'style',
  seed: 'seed',
  size: 'size',
  width_and_height: 'size',
  quality: 'quality',
  style_strength: 'style_strength',
  strength: 'style_strength',
  enhance_prompt: 'enhance_prompt',
  image_url: 'image_url',
  tags: 'tags',
}

export function normalizeHeader(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

export function columnForHeader(raw: string): ColumnKey | undefined {
  return HEADER_ALIASES[normalizeHeader(raw)]
}

/** A cell's value, or a sentence saying what was wrong with it (reused by the CLI's flags). */
export type Parsed<T> = { value: T } | { error: string }

const MAX_TAGS = 50
const MAX_TAG_LENGTH = 100
const MAX_NAME_LENGTH = 200
const MAX_PROMPT_LENGTH = 4000
const ECHO_LIMIT = 60

/** Quotes what the file said, shortened so one bad cell cannot flood the terminal. */
export function echo(value: string): string {
  const shown = value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value
  return `'${shown.replace(/\n/g, '\\n')}'`
}

export function parsePrompt(v: string): Parsed<string> {
  const value = v.trim()
  if (value.length > MAX_PROMPT_LENGTH) {
    return { error: `prompt is longer than ${MAX_PROMPT_LENGTH} characters (${value.length})` }
  }
  return { value }
}

function parseName(v: string): Parsed<string> {
  if (v.length > MAX_NAME_LENGTH) return { error: `name is longer than ${MAX_NAME_LENGTH} characters (${v.length})` }
  return { value: v }
}

export function parseStyles(v: string): Parsed<string[]> {
  const parts = splitList(v)
  if (parts.length === 1 && parts[0]!.toLowerCase() === 'all') return { value: SOUL_STYLES.map((s) => s.id) }
  const ids: string[] = []
  for (const part of parts) {
    const style = resolveStyle(part)
    if (!style) {
      return { error: `unknown style ${echo(part)} — known styles: ${SOUL_STYLES.map((s) => s.name).join(', ')}` }
    }
    if (!ids.includes(style.id)) ids.push(style.id)
  }
  return { value: ids }
}

export function parseSeed(v: string): Parsed<number> {
  const t = v.trim()
  const n = /^\+?\d+$/.test(t) ? Number(t) : NaN
  if (!Number.isSafeInteger(n) || n < SEED_MIN || n > SEED_MAX) {
    return { error: `seed must be a whole number from ${SEED_MIN} to ${SEED_MAX}, got ${echo(v)}` }
  }
  return { value: n }
}

/** A seed cell with several seeds ("7|42|1234"); the sentence names the bad seed by its place. */
export function parseSeeds(v: string): Parsed<number[]> {
  const list = parseSeedList(v)
  return typeof list === 'string' ? { error: list.charAt(0).toLowerCase() + list.slice(1) } : { value: list }
}

export function parseSize(v: string): Parsed<SoulSize> {
  // Spreadsheets and people write "1536 × 2048" or "1536X2048"; the API wants "1536x2048".
  const t = v.trim().toLowerCase().replace(/\s+/g, '').replace(/[×*]/g, 'x')
  if (isSoulSize(t)) return { value: t }
  return { error: `size must be one of ${SOUL_SIZES.join(', ')}, got ${echo(v)}` }
}

export function parseQuality(v: string): Parsed<SoulQuality> {
  const t = v.trim().toLowerCase()
  const withP = /^\d+$/.test(t) ? `${t}p` : t
  const q = QUALITIES.find((x) => x === withP)
  if (q) return { value: q }
  return { error: `quality must be ${QUALITIES.join(' or ')}, got ${echo(v)}` }
}

export function parseStrength(v: string): Parsed<number> {
  // A `;`-delimited file usually comes from a locale that writes 0,5 for a half.
  const t = v.trim().replace(',', '.')
  const n = /^[+]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    return { error: `style_strength must be a number from 0 to 1, got ${echo(v)}` }
  }
  return { value: n }
}

const TRUE_WORDS = ['true', 'yes', 'y', '1']
const FALSE_WORDS = ['false', 'no', 'n', '0']

function parseBoolean(v: string): Parsed<boolean> {
  const t = v.trim().toLowerCase()
  if (TRUE_WORDS.includes(t)) return { value: true }
  if (FALSE_WORDS.includes(t)) return { value: false }
  return { error: `enhance_prompt must be true/false, yes/no or 1/0, got ${echo(v)}` }
}

function parseImageUrl(v: string): Parsed<string> {
  const t = v.trim()
  let url: URL | undefined
  try {
    url = new URL(t)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { error: `image_url must be an http:// or https:// address, got ${echo(v)}` }
  }
  return { value: t }
}

function parseTags(v: string): Parsed<string[]> {
  const tags = [...new Set(splitList(v))]
  if (tags.length > MAX_TAGS) return { error: `at most ${MAX_TAGS} tags per row, got ${tags.length}` }
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH)
  if (long !== undefined) return { error: `tag ${echo(long)} is longer than ${MAX_TAG_LENGTH} characters` }
  return { value: tags }
}

function splitList(v: string): string[] {
  return v
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/** Sets one column's value on a row being built; returns an error sentence or null. */
export function applyColumn(row: Partial<PromptRow>, key: ColumnKey, raw: string): string | null {
  switch (key) {
    case 'prompt':
      return assign(parsePrompt(raw), (v) => (row.prompt = v))
    case 'name':
      return assign(parseName(raw), (v) => (row.name = v))
    case 'style':
      return assign(parseStyles(raw), (v) => (row.styleIds = v))
    case 'seed':
      // "7|42|1234": the row's own seed list, one cell per seed and style; a single number is the row's seed.
      if (raw.includes(LIST_SEPARATOR)) return assign(parseSeeds(raw), (v) => (row.seeds = v))
      return assign(parseSeed(raw), (v) => (row.seed = v))
    case 'size':
      return assign(parseSize(raw), (v) => (row.width_and_height = v))
    case 'quality':
      return assign(parseQuality(raw), (v) => (row.quality = v))
    case 'style_strength':
      return assign(parseStrength(raw), (v) => (row.style_strength = v))
    case 'enhance_prompt':
      return assign(parseBoolean(raw), (v) => (row.enhance_prompt = v))
    case 'image_url':
      return assign(parseImageUrl(raw), (v) => (row.image_url = v))
    case 'tags':
      return assign(parseTags(raw), (v) => (row.tags = v))
  }
}

function assign<T>(parsed: Parsed<T>, set: (v: T) => void): string | null {
  if ('error' in parsed) return parsed.error
  set(parsed.value)
  return null
}

/** The PromptRow field each column fills, so a schema issue on a field can name the file's column. */
export const FIELD_OF_COLUMN: Readonly<Record<ColumnKey, keyof PromptRow>> = {
  prompt: 'prompt',
  name: 'name',
  style: 'styleIds',
  seed: 'seed',
  size: 'width_and_height',
  quality: 'quality',
  style_strength: 'style_strength',
  enhance_prompt: 'enhance_prompt',
  image_url: 'image_url',
  tags: 'tags',
}
