import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { QUALITIES, SOUL_SIZES, SOUL_STYLES, styleName } from '@shared/catalog'
import { PromptRowSchema, type PromptRow } from '@shared/domain/batch'
import { parseCsv } from '../../../src/main/importers/csv'
import { quote, rowsToCsv } from '../../../src/main/importers/csv-export'

/**
 * Rows that are already in the importer's normal form (see csv-export.ts for what a round trip cannot keep):
 * the alphabet has every character CSV quoting must survive: delimiters, quotes, line breaks, `|`, non-Latin.
 */
const CHARS = ['a', 'b', 'Z', '7', ' ', ',', ';', '\t', '\n', '"', "'", '|', 'é', '漢', '🦊', '=', '#']
const text = (maxLength: number) => fc.string({ unit: fc.constantFrom(...CHARS), maxLength })
const nonBlank = (maxLength: number) => text(maxLength).filter((s) => s.trim() !== '')
const tag = text(20)
  .map((s) => s.replace(/\|/g, '').trim())
  .filter((s) => s !== '')

const rowArb: fc.Arbitrary<PromptRow> = fc
  .record(
    {
      prompt: nonBlank(60).map((s) => s.trim()),
      name: nonBlank(30),
      tags: fc.uniqueArray(tag, { minLength: 1, maxLength: 4 }),
      styleIds: fc.shuffledSubarray(
        SOUL_STYLES.map((s) => s.id),
        { minLength: 1 },
      ),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      width_and_height: fc.constantFrom(...SOUL_SIZES),
      quality: fc.constantFrom(...QUALITIES),
      style_strength: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => (x === 0 ? 0 : x)),
      enhance_prompt: fc.boolean(),
      image_url: fc.webUrl({ validSchemes: ['http', 'https'] }),
    },
    { requiredKeys: ['prompt'] },
  )
  .filter((r) => PromptRowSchema.safeParse(r).success)

type Column = { header: string[]; value: (r: PromptRow) => string[] | undefined }

/** An independent writer: any header spelling, any column order, names or ids for styles, any boolean word. */
const COLUMNS: Column[] = [
  { header: ['prompt', 'Prompt', 'PROMPT'], value: (r) => [r.prompt] },
  { header: ['name', 'Name'], value: (r) => (r.name === undefined ? undefined : [r.name]) },
  { header: ['tags', 'Tags'], value: (r) => (r.tags ? [r.tags.join('|'), r.tags.join(' | ')] : undefined) },
  {
    header: ['style', 'Styles', 'style_id'],
    value: (r) => (r.styleIds ? [r.styleIds.map(styleName).join('|'), r.styleIds.join(' | ')] : undefined),
  },
  { header: ['seed', 'Seed'], value: (r) => (r.seed === undefined ? undefined : [String(r.seed), `+${r.seed}`]) },
  {
    header: ['size', 'width_and_height', 'Width And Height'],
    value: (r) => (r.width_and_height ? [r.width_and_height] : undefined),
  },
  { header: ['quality'], value: (r) => (r.quality ? [r.quality, r.quality.toUpperCase()] : undefined) },
  {
    header: ['style_strength', 'Style Strength', 'strength'],
    value: (r) => (r.style_strength === undefined ? undefined : [String(r.style_strength)]),
  },
  {
    header: ['enhance_prompt', 'Enhance-Prompt'],
    value: (r) =>
      r.enhance_prompt === undefined ? undefined : r.enhance_prompt ? ['true', 'YES', '1'] : ['false', 'no', '0'],
  },
  { header: ['image_url'], value: (r) => (r.image_url ? [r.image_url] : undefined) },
]

const writerArb = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t'),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  quoteAll: fc.boolean(),
  order: fc.shuffledSubarray(
    COLUMNS.map((_, i) => i),
    { minLength: COLUMNS.length },
  ),
  picks: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
})

type Writer = typeof writerArb extends fc.Arbitrary<infer W> ? W : never

function write(rows: PromptRow[], w: Writer): string {
  let pick = 0
  const choose = <T>(xs: readonly T[]): T => xs[w.picks[pick++ % w.picks.length]! % xs.length]!
  const cell = (v: string) => {
    const needs = w.quoteAll || v.includes(w.delimiter) || /["\n\r]/.test(v) || v !== v.trim()
    return needs ? `"${v.replace(/"/g, '""')}"` : v
  }
  const cols = w.order.map((i) => COLUMNS[i]!)
  const lines = [cols.map((c) => cell(choose(c.header))).join(w.delimiter)]
  for (const r of rows) lines.push(cols.map((c) => cell(c.value(r) ? choose(c.value(r)!) : '')).join(w.delimiter))
  return (w.bom ? '\uFEFF' : '') + lines.join(w.eol) + w.eol
}

describe('CSV round trips', () => {
  it('any rows written with CSV quoting, any delimiter and header spelling, parse back to the same rows', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), writerArb, (rows, w) => {
        const out = parseCsv(write(rows, w))
        expect(out.errors).toEqual([])
        expect(out.delimiter).toBe(w.delimiter)
        expect(out.rows).toEqual(rows)
      }),
      { numRuns: 300 },
    )
  })

  it('rowsToCsv output re-imports to the same rows', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), (rows) => {
        const out = parseCsv(rowsToCsv(rows))
        expect(out.errors).toEqual([])
        expect(out.rows).toEqual(rows)
      }),
      { numRuns: 300 },
    )
  })

  it('rowsToCsv writes only the columns in use, with a BOM and CRLF', () => {
    const csv = rowsToCsv([{ prompt: 'a, "b"' }, { prompt: 'c', seed: 5 }])
    expect(csv).toBe('\uFEFFprompt,seed\r\n"a, ""b""",\r\nc,5\r\n')
  })

  it('quote() leaves plain values alone and protects delimiters, quotes, breaks and edge spaces', () => {
    expect(quote('plain words')).toBe('plain words')
    expect(quote(' edge')).toBe('" edge"')
    expect(quote('a;b')).toBe('"a;b"')
    expect(quote('a\nb')).toBe('"a\nb"')
    expect(quote('say "x"')).toBe('"say ""x"""')
  })
})
