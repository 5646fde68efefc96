import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_STYLE_ID, SOUL_STYLES, resolveStyle } from '@shared/catalog'
import { MAX_CSV_ROWS, parseCsv } from '../../../src/main/importers/csv'
import { decodeCsvBytes } from '../../../src/main/importers/csv-text'

const FIXTURES = join(__dirname, '../../fixtures/csv')
const fixture = (name: string) => parseCsv(decodeCsvBytes(readFileSync(join(FIXTURES, name))))
const id = (name: string) => resolveStyle(name)!.id

describe('parseCsv on fixture files', () => {
  it('reads a UTF-8 BOM, CRLF line ends, case-insensitive headers and every column', () => {
    const out = fixture('bom-crlf.csv')
    expect(out.errors).toEqual([])
    expect(out.delimiter).toBe(',')
    expect(out.rows).toEqual([
      {
        prompt: 'a red fox in snow',
        name: 'fox',
        tags: ['animals', 'winter'],
        styleIds: [id('Medieval')],
        seed: 42,
        width_and_height: '1536x2048',
        quality: '720p',
        style_strength: 0.5,
        enhance_prompt: true,
        image_url: 'https://example.com/ref.jpg',
      },
      {
        prompt: 'a lighthouse, at dusk',
        tags: ['coast'],
        styleIds: [id('Giant People'), id('Subway')],
        seed: 7,
        width_and_height: '1152x2048',
        quality: '1080p',
        style_strength: 1,
        enhance_prompt: false,
      },
      // Empty cells are no override: the batch's settings apply.
      { prompt: 'plain prompt' },
    ])
  })

  it('sniffs ";" and reads comma decimals and unquoted commas', () => {
    const out = fixture('semicolon.csv')
    expect(out.delimiter).toBe(';')
    expect(out.errors).toEqual([])
    expect(out.rows.map((r) => r.prompt)).toEqual(['a cat, sitting on a mat', 'a dog; barking', 'a bird'])
    expect(out.rows[0]).toMatchObject({ style_strength: 0.25, seed: 100, styleIds: [id('Library')] })
  })

  it('sniffs tabs, keeps a quoted tab, and treats trailing empty cells as absent', () => {
    const out = fixture('tab.tsv')
    expect(out.delimiter).toBe('\t')
    expect(out.errors).toEqual([])
    expect(out.rows).toEqual([
      { prompt: 'a tree on a hill', styleIds: [id('Spotlight')], seed: 5 },
      { prompt: 'a river\twith a tab', styleIds: [id('DigitalCam')] },
      { prompt: 'a mountain', seed: 9 },
    ])
  })

  it('reads UTF-16 (Excel "Unicode text") through its BOM', () => {
    const out = fixture('utf16.tsv')
    expect(out.errors).toEqual([])
    expect(out.rows).toEqual([{ prompt: 'café au lait', styleIds: [id('Library')] }])
  })

  it('keeps embedded newlines and doubled quotes, and counts physical lines across them', () => {
    const out = fixture('quoted-multiline.csv')
    expect(out.rows.map((r) => r.prompt)).toEqual([
      'line one\nline two\nline three',
      'she said "hello" twice',
      'first\nsecond',
      'last row',
    ])
    expect(out.rows[2]!.name).toBe('name, with comma')
    // Rows start on lines 2 (3 lines), 5, 6 (2 lines): the bad seed sits on physical line 8.
    expect(out.errors).toEqual([
      { line: 8, column: 'seed', message: "seed must be a whole number from 1 to 1000000, got 'abc'" },
    ])
  })

  it('gives every bad row its own error with its physical line, column and a specific reason', () => {
    const out = fixture('bad-rows.csv')
    expect(out.rows.map((r) => r.prompt)).toEqual(['good row', 'another good row'])
    const byLine = out.errors.map((e) => [e.line, e.column])
    expect(byLine).toEqual([
      [3, 'seed'],
      [4, 'style'],
      [7, 'size'],
      [8, 'prompt'],
      [10, 'quality'],
      [11, 'style_strength'],
      [12, 'enhance_prompt'],
      [13, 'image_url'],
      [14, 'seed'],
      [15, null],
    ])
    const msg = (line: number) => out.errors.find((e) => e.line === line)!.message
    expect(msg(3)).toBe("seed must be a whole number from 1 to 1000000, got 'abc'")
    expect(msg(4)).toMatch(/^unknown style 'Foo' — known styles: Creatures, Medieval, .*Bleached Brows$/)
    expect(msg(7)).toMatch(/^size must be one of 1152x2048, .*, got '100x100'$/)
    expect(msg(8)).toBe('prompt is empty')
    expect(msg(10)).toBe("quality must be 720p or 1080p, got '4k'")
    expect(msg(11)).toBe("style_strength must be a number from 0 to 1, got '1.5'")
    expect(msg(12)).toBe("enhance_prompt must be true/false, yes/no or 1/0, got 'maybe'")
    expect(msg(13)).toBe("image_url must be an http:// or https:// address, got 'ftp://x'")
    expect(msg(14)).toBe("seed must be a whole number from 1 to 1000000, got '1000001'")
    expect(msg(15)).toBe('this row has 9 fields but the header has 8: quote any value that contains a comma')
  })

  it.each([
    ['empty.csv', /^The file is empty: the first row must be a header with a "prompt" column/],
    ['header-only.csv', /^The file has a header row but no prompt rows under it\.$/],
    ['no-prompt-column.csv', /^The header row has no "prompt" column \(found 'text', 'style'\)/],
    ['garbage.bin', /^This is not a CSV text file \(it contains binary data\)/],
  ])('%s gives one clear sentence on line 1 and no rows', (name, message) => {
    const out = fixture(name)
    expect(out.rows).toEqual([])
    expect(out.errors).toHaveLength(1)
    expect(out.errors[0]).toMatchObject({ line: 1, column: null })
    expect(out.errors[0]!.message).toMatch(message)
    expect(out.errors[0]!.message).not.toMatch(/\n\s+at /)
  })

  it('names unknown columns once on the header line and still returns the rows', () => {
    const out = fixture('unknown-columns.csv')
    expect(out.rows).toEqual([
      { prompt: 'first', seed: 1 },
      { prompt: 'second', seed: 2 },
    ])
    expect(out.errors).toHaveLength(1)
    expect(out.errors[0]).toMatchObject({ line: 1, column: 'notes, colour' })
    expect(out.errors[0]!.message).toMatch(/^unknown columns 'notes', 'colour' \(values ignored\)/)
  })

  it('points an unclosed quote at the line where it opens and keeps the rows before it', () => {
    const out = fixture('unclosed-quote.csv')
    expect(out.rows).toEqual([{ prompt: 'ok row', seed: 1 }])
    expect(out.errors).toEqual([
      {
        line: 3,
        column: null,
        message:
          'a quoted field that starts on this line is never closed (a missing closing "); rows after it were not read',
      },
    ])
  })
})

describe('parseCsv details', () => {
  it('accepts style ids, names in any spelling, `all`, and drops repeats', () => {
    const out = parseCsv(`prompt,style\na,${DEFAULT_STYLE_ID}\nb,giant-people|GIANT PEOPLE|subway\nc,all\n`)
    expect(out.errors).toEqual([])
    expect(out.rows[0]!.styleIds).toEqual([DEFAULT_STYLE_ID])
    expect(out.rows[1]!.styleIds).toEqual([id('Giant People'), id('Subway')])
    expect(out.rows[2]!.styleIds).toEqual(SOUL_STYLES.map((s) => s.id))
  })

  it('accepts the spellings people type for sizes, qualities and booleans', () => {
    const out = parseCsv('prompt,width_and_height,quality,enhance prompt\na,1536 × 2048,1080,NO\nb,1152X2048,720P,Y\n')
    expect(out.errors).toEqual([])
    expect(out.rows).toEqual([
      { prompt: 'a', width_and_height: '1536x2048', quality: '1080p', enhance_prompt: false },
      { prompt: 'b', width_and_height: '1152x2048', quality: '720p', enhance_prompt: true },
    ])
  })

  it('reports a repeated column (size and width_and_height) on the header line', () => {
    const out = parseCsv('prompt,size,width_and_height\na,1536x2048,1152x2048\n')
    expect(out.errors).toEqual([
      {
        line: 1,
        column: 'width_and_height',
        message: "column 'width_and_height' repeats column 'size': keep only one of them (this one is ignored)",
      },
    ])
    expect(out.rows).toEqual([{ prompt: 'a', width_and_height: '1536x2048' }])
  })

  it('counts leading blank lines and whitespace-only lines in line numbers', () => {
    const out = parseCsv('\n\nprompt,seed\n  \na,x\n')
    expect(out.errors).toEqual([
      { line: 5, column: 'seed', message: "seed must be a whole number from 1 to 1000000, got 'x'" },
    ])
  })

  it('counts a lone CR as a line end, like editors do', () => {
    const out = parseCsv('prompt,seed\r"a\rb",1\rc,zz\r')
    expect(out.rows).toEqual([{ prompt: 'a\nb', seed: 1 }])
    expect(out.errors.map((e) => e.line)).toEqual([4])
  })

  it('keeps whitespace inside quotes and trims it outside', () => {
    const out = parseCsv('prompt,name\n  spaced  ,"  padded name "\n')
    expect(out.rows).toEqual([{ prompt: 'spaced', name: '  padded name ' }])
  })

  it('sniffs the delimiter from the header only, ignoring quoted text', () => {
    expect(parseCsv('"prompt;x",style\na;b,Medieval\n').delimiter).toBe(',')
    expect(parseCsv('prompt;style\n"a, b, c";Medieval\n').delimiter).toBe(';')
  })

  it('reads a one-column prompt list with unquoted commas and semicolons as whole prompts', () => {
    const out = parseCsv('Prompt\na cat, on a mat\na dog; barking\n"two\nlines, quoted"\n')
    expect(out.errors).toEqual([])
    expect(out.delimiter).toBe(',')
    expect(out.rows.map((r) => r.prompt)).toEqual(['a cat, on a mat', 'a dog; barking', 'two\nlines, quoted'])
  })

  it('names a value in a column without a header name', () => {
    const out = parseCsv('prompt,,seed\na,stray,1\nb,,2\n')
    expect(out.rows).toEqual([{ prompt: 'b', seed: 2 }])
    expect(out.errors).toEqual([
      { line: 2, column: 'column 2', message: "column 2 has no header name, so 'stray' has nowhere to go" },
    ])
  })

  it('rejects text after a closing quote with the line of the mistake', () => {
    const out = parseCsv('prompt,seed\nok,1\n"bad"x,2\nnext,3\n')
    expect(out.rows).toEqual([{ prompt: 'ok', seed: 1 }])
    expect(out.errors).toHaveLength(1)
    expect(out.errors[0]!.line).toBe(3)
    expect(out.errors[0]!.message).toMatch(/^text follows a closing quote/)
  })

  it('reports over-long prompts, names and too many tags with their limits', () => {
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`).join('|')
    const out = parseCsv(`prompt,name,tags\n${'p'.repeat(4001)},,\nok,${'n'.repeat(201)},\nok2,,${tags}\n`)
    expect(out.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [2, 'prompt', 'prompt is longer than 4000 characters (4001)'],
      [3, 'name', 'name is longer than 200 characters (201)'],
      [4, 'tags', 'at most 50 tags per row, got 51'],
    ])
  })

  it('stops at the batch limit of prompts with an error on the first row left out', () => {
    const body = Array.from({ length: MAX_CSV_ROWS + 2 }, (_, i) => `p${i}`).join('\n')
    const out = parseCsv(`prompt\n${body}\n`)
    expect(out.rows).toHaveLength(MAX_CSV_ROWS)
    expect(out.errors).toHaveLength(1)
    expect(out.errors[0]!.line).toBe(MAX_CSV_ROWS + 2)
  })

  it('shortens a long bad value in the message', () => {
    const out = parseCsv(`prompt,seed\na,${'9'.repeat(500)}\n`)
    expect(out.errors[0]!.message.length).toBeLessThan(150)
  })
})
