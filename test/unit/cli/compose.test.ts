import { describe, expect, it } from 'vitest'
import { resolveStyle } from '@shared/catalog'
import { matrixFingerprint } from '@shared/domain/matrix'
import { parseCommand, type RunCommand } from '../../../src/main/cli/args'
import { acceptCsv, composeMatrix, defaultBatchName, formatCsvError } from '../../../src/main/cli/compose'
import { parseCsv } from '../../../src/main/importers/csv'

function run(argv: string[]): RunCommand {
  const out = parseCommand(['run', ...argv])
  if (!out.ok || out.command.kind !== 'run') throw new Error('bad test argv')
  return out.command
}

describe('composing a matrix from the command line', () => {
  it('turns --prompt flags and options into the matrix the core stores', () => {
    const out = composeMatrix(
      run(['-p', 'a fox', '-p', 'an owl', '--styles', 'medieval,subway', '--seeds', '2', '--quality', '720p']),
      null,
    )
    expect(out.ok).toBe(true)
    if (!out.ok) return
    expect(out.matrix).toEqual({
      prompts: [{ prompt: 'a fox' }, { prompt: 'an owl' }],
      styleIds: [resolveStyle('Medieval')!.id, resolveStyle('Subway')!.id],
      seeds: { mode: 'shared', count: 2 },
      width_and_height: '1536x2048',
      quality: '720p',
      style_strength: 1,
      enhance_prompt: false,
    })
  })

  it('keeps CSV values as row overrides over the flags', () => {
    const csv = parseCsv('prompt,style,seed,quality\na fox,Library,5,720p\nan owl,,,\n')
    const out = composeMatrix(run(['--csv', 'x.csv', '--styles', 'medieval', '--quality', '1080p']), csv.rows)
    if (!out.ok) throw new Error(out.lines.join('\n'))
    expect(out.matrix.prompts).toEqual([
      { prompt: 'a fox', styleIds: [resolveStyle('Library')!.id], seed: 5, quality: '720p' },
      { prompt: 'an owl' },
    ])
    expect(out.matrix.styleIds).toEqual([resolveStyle('Medieval')!.id])
    expect(out.matrix.quality).toBe('1080p')
  })

  it('gives the same fingerprint for the same command, and a different one when anything changes', () => {
    const fp = (argv: string[]) => {
      const out = composeMatrix(run(argv), null)
      if (!out.ok) throw new Error('compose failed')
      return matrixFingerprint(out.matrix)
    }
    const base = ['-p', 'a', '-p', 'b', '--styles', 'medieval']
    expect(fp(base)).toBe(fp([...base]))
    // The batch name is not part of what is generated, so renaming does not start a twin.
    expect(fp([...base, '--name', 'x'])).toBe(fp(base))
    expect(fp([...base, '--seeds', '2'])).not.toBe(fp(base))
    expect(fp(['-p', 'b', '-p', 'a', '--styles', 'medieval'])).not.toBe(fp(base))
  })

  it('refuses an over-long prompt with the rule', () => {
    const out = composeMatrix(run(['-p', 'x'.repeat(4001)]), null)
    expect(out).toEqual({ ok: false, lines: ['--prompt: prompt is longer than 4000 characters (4001)'] })
  })

  it('names a batch after --name, the CSV file, or the first prompt', () => {
    expect(defaultBatchName(run(['-p', 'a', '--name', 'N']), null)).toBe('N')
    expect(defaultBatchName(run(['--csv', 'f.csv']), 'f.csv')).toBe('f.csv')
    expect(defaultBatchName(run(['-p', 'a fox', '-p', 'b', '-p', 'c']), null)).toBe('a fox (+2)')
  })
})

describe('accepting or refusing a CSV', () => {
  const bad = parseCsv('prompt,seed\nok,1\nbad,x\n"two\nlines",y\n')

  it('formats errors as file:LINE: column: message', () => {
    expect(formatCsvError('p.csv', { line: 3, column: 'seed', message: 'm' })).toBe('p.csv:3: seed: m')
    expect(formatCsvError('p.csv', { line: 1, column: null, message: 'The file is empty.' })).toBe(
      'p.csv:1: The file is empty.',
    )
  })

  it('refuses a file with bad rows, listing each, unless --skip-invalid', () => {
    const refused = acceptCsv('p.csv', bad, false)
    expect(refused).toEqual({
      ok: false,
      lines: [
        "p.csv:3: seed: seed must be a whole number from 1 to 1000000, got 'x'",
        "p.csv:4: seed: seed must be a whole number from 1 to 1000000, got 'y'",
        'p.csv: 2 errors; fix the file, or add --skip-invalid to run the 1 valid rows',
      ],
    })
    const skipped = acceptCsv('p.csv', bad, true)
    expect(skipped.ok).toBe(true)
    if (!skipped.ok) return
    expect(skipped.rows).toEqual([{ prompt: 'ok', seed: 1 }])
    expect(skipped.notes[0]).toBe("skipped p.csv:3: seed: seed must be a whole number from 1 to 1000000, got 'x'")
    expect(skipped.notes.at(-1)).toBe('p.csv: running 1 valid rows, 2 problems skipped')
  })

  it('refuses an empty file with one sentence even with --skip-invalid', () => {
    expect(acceptCsv('e.csv', parseCsv(''), true)).toEqual({
      ok: false,
      lines: [
        'e.csv:1: The file is empty: the first row must be a header with a "prompt" column, then one row per prompt.',
      ],
    })
  })
})
