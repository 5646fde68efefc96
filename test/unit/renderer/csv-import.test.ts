import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CreateBatchInputSchema } from '@shared/contracts'
import { SOUL_STYLES } from '@shared/catalog'
import { parseCsv } from '../../../src/main/importers/csv'
import {
  decodeFileBytes,
  errorLocation,
  fileProblem,
  pickDroppedFile,
  previewImport,
  rowOverrides,
} from '../../../src/renderer/src/model/csv-import'
import { EMPTY_DRAFT, buildCreateInput, checkDraft, draftPrompts } from '../../../src/renderer/src/model/compose-draft'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'csv')
const fixture = (name: string): string => decodeFileBytes(readFileSync(join(FIXTURES, name)))

describe('CSV import preview (on the real parser)', () => {
  it('counts ready rows and lists every bad row by line and column', () => {
    const preview = previewImport(parseCsv(fixture('bad-rows.csv')))
    expect(preview.ready).toBe(2)
    expect(preview.fileMessage).toBeNull()
    expect(preview.errors.length).toBeGreaterThan(5)
    expect(preview.errors.map((e) => e.line)).toEqual([...preview.errors.map((e) => e.line)].sort((a, b) => a - b))
    expect(errorLocation(preview.errors[0]!)).toBe('Line 3 · seed')
    expect(preview.headline).toBe(`2 rows ready · ${preview.errors.length} problems`)
  })

  it("shows a header-only or empty file as the parser's one sentence, not as a row error", () => {
    const header = previewImport(parseCsv(fixture('header-only.csv')))
    expect(header).toMatchObject({ ready: 0, errors: [], headline: 'Nothing to import' })
    expect(header.fileMessage).toBe('The file has a header row but no prompt rows under it.')
    expect(previewImport(parseCsv(fixture('empty.csv'))).fileMessage).toMatch(/^The file is empty/)
  })

  it('reads UTF-16 spreadsheet exports by their byte order mark', () => {
    const result = parseCsv(fixture('utf16.tsv'))
    expect(result.rows.length).toBeGreaterThan(0)
    expect(result.delimiter).toBe('\t')
  })

  it('refuses files that are not CSV, or too big, before reading them', () => {
    expect(fileProblem({ name: 'prompts.CSV', size: 10 })).toBeNull()
    expect(fileProblem({ name: 'sheet.tsv', size: 10 })).toBeNull()
    expect(fileProblem({ name: 'photo.png', size: 10 })).toMatch(/not a CSV file/)
    expect(fileProblem({ name: 'big.csv', size: 30_000_000 })).toMatch(/too large/)
    expect(pickDroppedFile([{ name: 'a.png' }, { name: 'b.csv' }])).toEqual({ name: 'b.csv' })
    expect(pickDroppedFile([{ name: 'a.png' }])).toEqual({ name: 'a.png' })
    expect(pickDroppedFile([])).toBeNull()
  })

  it("names a row's own settings as chips", () => {
    const [row] = parseCsv(fixture('bad-rows.csv')).rows
    expect(rowOverrides(row!)).toEqual(['Medieval', 'seed 1', '1536×2048 (3:4)', '720p', 'strength 0.50', 'enhanced'])
    expect(rowOverrides({ prompt: 'plain' })).toEqual([])
  })
})

describe('compose with imported rows', () => {
  const rows = parseCsv(fixture('bad-rows.csv')).rows
  const styleIds = [SOUL_STYLES[0]!.id]

  it('sends imported rows first, keeping their overrides, then typed prompts', () => {
    const draft = {
      ...EMPTY_DRAFT,
      styleIds,
      imported: { fileName: 'x.csv', rows },
      promptsText: 'typed one',
    }
    expect(draftPrompts(draft).map((p) => p.prompt)).toEqual(['good row', 'another good row', 'typed one'])
    const input = CreateBatchInputSchema.parse(buildCreateInput(draft))
    expect(input.matrix.prompts[0]).toMatchObject({ seed: 1, quality: '720p', style_strength: 0.5 })
    expect(input.matrix.prompts).toHaveLength(3)
  })

  it('counts an import as prompts, so no "add a prompt" message with an empty textarea', () => {
    expect(checkDraft({ ...EMPTY_DRAFT, styleIds, imported: { fileName: 'x.csv', rows } })).toEqual({})
    expect(checkDraft({ ...EMPTY_DRAFT, styleIds }).prompts).toBeDefined()
  })
})
