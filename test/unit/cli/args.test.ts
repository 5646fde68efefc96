import { describe, expect, it } from 'vitest'
import { DEFAULT_STYLE_ID, SOUL_STYLES, resolveStyle } from '@shared/catalog'
import { parseCommand, type Command, type RunCommand } from '../../../src/main/cli/args'

function ok(argv: string[]): Command {
  const out = parseCommand(argv)
  if (!out.ok) throw new Error(`expected ok, got: ${out.message}`)
  return out.command
}
function run(argv: string[]): RunCommand {
  const c = ok(['run', ...argv])
  if (c.kind !== 'run') throw new Error(`expected run, got ${c.kind}`)
  return c
}
function usage(argv: string[]): string {
  const out = parseCommand(argv)
  if (out.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`)
  expect(out.message).not.toContain('\n')
  return out.message
}

describe('soul-batch run arguments', () => {
  it('has sensible defaults: the default style, one shared seed, 1536x2048, 1080p, full strength', () => {
    expect(run(['--prompt', 'a fox'])).toEqual({
      kind: 'run',
      home: null,
      quiet: false,
      prompts: ['a fox'],
      csvPath: null,
      skipInvalid: false,
      styleIds: [DEFAULT_STYLE_ID],
      seeds: { mode: 'shared', count: 1 },
      size: '1536x2048',
      quality: '1080p',
      strength: 1,
      enhance: false,
      name: null,
      settings: {},
      fresh: false,
      yes: false,
      budget: null,
    })
  })

  it('reads --yes, --budget and the batch commands (issue 10)', () => {
    expect(run(['-p', 'x', '-y', '--budget', '$12.5'])).toMatchObject({ yes: true, budget: 12.5 })
    expect(parseCommand(['rename', 'b1', 'New', 'name'])).toEqual({
      ok: true,
      command: { kind: 'rename', home: null, batchId: 'b1', name: 'New name', out: null },
    })
    expect(parseCommand(['export', 'b1', '-o', 'x.csv'])).toMatchObject({ ok: true, command: { out: 'x.csv' } })
    expect(parseCommand(['delete'])).toEqual({
      ok: false,
      message: 'delete needs a batch id ("soul-batch list" shows them)',
    })
    expect(parseCommand(['rename', 'b1'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('needs the new name'),
    })
  })

  it('reads every option', () => {
    const c = run([
      '-p',
      'one',
      '--prompt',
      'two',
      '--styles',
      'medieval, giant-people,Subway',
      '--seeds',
      '3',
      '--size',
      '1152x2048',
      '--quality',
      '720p',
      '--strength',
      '0.4',
      '--enhance',
      '--name',
      ' My batch ',
      '--concurrency',
      '8',
      '--rpm',
      '120',
      '--home',
      '/tmp/lib',
      '--quiet',
      '--new',
    ])
    expect(c).toMatchObject({
      prompts: ['one', 'two'],
      styleIds: ['Medieval', 'Giant People', 'Subway'].map((n) => resolveStyle(n)!.id),
      seeds: { mode: 'shared', count: 3 },
      size: '1152x2048',
      quality: '720p',
      strength: 0.4,
      enhance: true,
      name: 'My batch',
      settings: { concurrency: 8, plan: 'custom', rpm: 120 },
      home: '/tmp/lib',
      quiet: true,
      fresh: true,
    })
  })

  it('takes a fixed seed list with --seeds 7,42,1234 (a single number stays a count)', () => {
    expect(run(['--prompt', 'a', '--seeds', '7,42,1234']).seeds).toEqual({ mode: 'list', seeds: [7, 42, 1234] })
    expect(run(['--prompt', 'a', '--seeds', '7, 42']).seeds).toEqual({ mode: 'list', seeds: [7, 42] })
    expect(run(['--prompt', 'a', '--seeds', '3']).seeds).toEqual({ mode: 'shared', count: 3 })
  })

  it('takes all styles, a fixed seed, a plan preset, a CSV with --skip-invalid and --json-only', () => {
    const c = run([
      '--csv',
      'p.csv',
      '--skip-invalid',
      '--styles',
      'all',
      '--seed',
      '77',
      '--plan',
      'PRO',
      '--json-only',
    ])
    expect(c.styleIds).toEqual(SOUL_STYLES.map((s) => s.id))
    expect(c.seeds).toEqual({ mode: 'fixed', seed: 77 })
    expect(c.settings).toEqual({ plan: 'pro', rpm: 50 })
    expect(c).toMatchObject({ csvPath: 'p.csv', skipInvalid: true, quiet: true })
  })

  it.each([
    [['--prompt', 'a', '--bogus'], "unknown option --bogus for 'run' (see soul-batch run --help)"],
    [['--prompt', 'a', '-x'], "unknown option -x for 'run' (see soul-batch run --help)"],
    [['--csv'], 'option --csv needs a value (see soul-batch run --help)'],
    [['--prompt', 'a', '--enhance=yes'], 'option --enhance takes no value (see soul-batch run --help)'],
    [
      ['--prompt', '--seeds', '2'],
      "option --prompt needs a value; for a value that starts with '-' write --prompt=VALUE",
    ],
    [[], 'no prompts: give --prompt "TEXT" (repeatable) or --csv FILE'],
    [['--prompt', 'a', '--csv', 'f.csv'], 'use either --prompt or --csv, not both'],
    [['--prompt', '  '], '--prompt is empty'],
    [['a fox'], `unexpected argument 'a fox': give prompts with --prompt "TEXT" (quote them)`],
    [['--prompt', 'a', '--skip-invalid'], '--skip-invalid only applies to --csv'],
    [['--prompt', 'a', '--seeds', '2', '--seed', '3'], 'use either --seeds N or --seed S, not both'],
    [['--prompt', 'a', '--seeds', '0'], "--seeds must be a whole number from 1 to 16, got '0'"],
    [['--prompt', 'a', '--seeds', '2.5'], "--seeds must be a whole number from 1 to 16, got '2.5'"],
    [['--prompt', 'a', '--seeds', '7,42,-5'], '--seeds: Seed 3 is -5; seeds are whole numbers from 1 to 1,000,000.'],
    [['--prompt', 'a', '--seeds', '7,7'], '--seeds: Seed 2 (7) repeats seed 1; list each seed once.'],
    [['--prompt', 'a', '--seed', 'abc'], "--seed must be a whole number from 1 to 1000000, got 'abc'"],
    [['--prompt', 'a', '--concurrency', '0'], "--concurrency must be a whole number from 1 to 256, got '0'"],
    [['--prompt', 'a', '--rpm', 'fast'], "--rpm must be a whole number from 1 to 10000, got 'fast'"],
    [['--prompt', 'a', '--rpm', '5', '--plan', 'free'], 'use either --rpm N or --plan free|pro, not both'],
    [['--prompt', 'a', '--plan', 'gold'], "--plan must be free or pro, got 'gold'"],
    [['--prompt', 'a', '--quality', '4k'], "--quality: quality must be 720p or 1080p, got '4k'"],
    [['--prompt', 'a', '--strength', '2'], "--strength: style_strength must be a number from 0 to 1, got '2'"],
    [['--prompt', 'a', '--home', ''], '--home needs a value'],
  ])('refuses %j with one clear line', (argv, message) => {
    expect(usage(['run', ...argv])).toBe(message)
  })

  it('names the unknown style and lists the known ones', () => {
    expect(usage(['run', '--prompt', 'a', '--styles', 'Medieval,Foo'])).toMatch(
      /^--styles: unknown style 'Foo' — known styles: Creatures, /,
    )
  })

  it('names the accepted sizes', () => {
    expect(usage(['run', '--prompt', 'a', '--size', '512x512'])).toMatch(
      /^--size: size must be one of 1152x2048, .*, got '512x512'$/,
    )
  })
})

describe('the other commands', () => {
  it('resume takes an optional batch id and --resend-unknown', () => {
    expect(ok(['resume'])).toEqual({
      kind: 'resume',
      home: null,
      quiet: false,
      batchId: null,
      resendUnknown: false,
      settings: {},
    })
    expect(ok(['resume', 'b1', '--resend-unknown', '--plan', 'free', '-q'])).toEqual({
      kind: 'resume',
      home: null,
      quiet: true,
      batchId: 'b1',
      resendUnknown: true,
      settings: { plan: 'free', rpm: 5 },
    })
    expect(usage(['resume', 'a', 'b'])).toBe('give at most one batch id, got 2')
  })

  it('status and list', () => {
    expect(ok(['status', 'b1', '--home', 'h'])).toEqual({ kind: 'status', home: 'h', batchId: 'b1' })
    expect(ok(['status'])).toEqual({ kind: 'status', home: null, batchId: null })
    expect(ok(['list'])).toEqual({ kind: 'list', home: null, format: 'auto' })
    expect(ok(['list', '--json'])).toMatchObject({ format: 'json' })
    expect(ok(['list', '--table'])).toMatchObject({ format: 'table' })
    expect(usage(['list', '--json', '--table'])).toBe('use either --json or --table, not both')
    expect(usage(['status', '--resend-unknown'])).toBe(
      "unknown option --resend-unknown for 'status' (see soul-batch status --help)",
    )
  })

  it('--help works for every command and at the top', () => {
    for (const name of ['run', 'resume', 'status', 'list']) {
      const c = ok([name, '--help'])
      expect(c.kind).toBe('help')
      if (c.kind === 'help') expect(c.text).toContain(`soul-batch ${name}`)
    }
    expect(ok(['--help'])).toMatchObject({ kind: 'help' })
    expect(ok(['-h'])).toMatchObject({ kind: 'help' })
    expect(ok(['--version'])).toEqual({ kind: 'version' })
  })

  it('refuses a missing or unknown command', () => {
    expect(usage([])).toBe('no command given: use run, resume, status or list (soul-batch --help)')
    expect(usage(['go'])).toBe(
      "unknown command 'go': use run, resume, status, list, rename, delete or export (soul-batch --help)",
    )
  })
})
