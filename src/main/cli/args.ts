import { parseArgs } from 'node:util'
import { DEFAULT_SIZE, DEFAULT_STYLE_ID, PLAN_PRESETS } from '@shared/catalog'
import type { SoulQuality, SoulSize } from '@shared/catalog'
import type { Settings } from '@shared/contracts'
import type { SeedPolicy } from '@shared/domain/batch'
import { parseSeedList } from '@shared/domain/seed-list'
import { parseQuality, parseSeed, parseSize, parseStrength, parseStyles, type Parsed } from '../importers/csv-columns'
import { LIST_HELP, MAIN_HELP, MANAGE_HELP, RESUME_HELP, RUN_HELP, STATUS_HELP } from './help'

/**
 * argv -> a typed command, with every rule checked here so the rest of the CLI never sees a bad value.
 * Pure: no files, no environment; the CSV is read later and the home folder is resolved by index.ts.
 */

export interface RunCommand {
  kind: 'run'
  home: string | null
  quiet: boolean
  prompts: string[]
  csvPath: string | null
  skipInvalid: boolean
  styleIds: string[]
  seeds: SeedPolicy
  size: SoulSize
  quality: SoulQuality
  strength: number
  enhance: boolean
  name: string | null
  /** Settings for this run only (--concurrency, --rpm, --plan). */
  settings: Partial<Settings>
  /** --new: do not treat a finished batch from the same command as already done. */
  fresh: boolean
  /** --yes: no question when the estimate is above the confirmation threshold (needed when not on a terminal). */
  yes: boolean
  /** --budget USD: the batch's budget cap. */
  budget: number | null
}

/** `soul-batch rename BATCH NAME`, `delete BATCH`, `export BATCH [--out FILE]` (issue 10). */
export interface ManageCommand {
  kind: 'rename' | 'delete' | 'export'
  home: string | null
  batchId: string
  name: string | null
  out: string | null
}

export interface ResumeCommand {
  kind: 'resume'
  home: string | null
  quiet: boolean
  batchId: string | null
  resendUnknown: boolean
  settings: Partial<Settings>
}

export interface StatusCommand {
  kind: 'status'
  home: string | null
  batchId: string | null
}

export interface ListCommand {
  kind: 'list'
  home: string | null
  format: 'json' | 'table' | 'auto'
}

export type Command =
  | RunCommand
  | ResumeCommand
  | StatusCommand
  | ListCommand
  | ManageCommand
  | { kind: 'help'; text: string }
  | { kind: 'version' }

export type ParsedCommand = { ok: true; command: Command } | { ok: false; message: string }

const MAX_SEEDS_PER_PROMPT = 16
const MAX_CONCURRENCY = 256
const MAX_RPM = 10_000

/** Thrown inside this module only, turned into { ok: false } at its edge. */
class UsageError extends Error {}

const HOME_OPTIONS = {
  home: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const QUEUE_OPTIONS = {
  concurrency: { type: 'string' },
  rpm: { type: 'string' },
  plan: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'json-only': { type: 'boolean' },
} as const

const RUN_OPTIONS = {
  ...HOME_OPTIONS,
  ...QUEUE_OPTIONS,
  prompt: { type: 'string', short: 'p', multiple: true },
  csv: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  styles: { type: 'string' },
  seeds: { type: 'string' },
  seed: { type: 'string' },
  size: { type: 'string' },
  quality: { type: 'string' },
  strength: { type: 'string' },
  enhance: { type: 'boolean' },
  name: { type: 'string' },
  new: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  budget: { type: 'string' },
} as const

const RESUME_OPTIONS = { ...HOME_OPTIONS, ...QUEUE_OPTIONS, 'resend-unknown': { type: 'boolean' } } as const
const LIST_OPTIONS = { ...HOME_OPTIONS, json: { type: 'boolean' }, table: { type: 'boolean' } } as const
const EXPORT_OPTIONS = { ...HOME_OPTIONS, out: { type: 'string', short: 'o' } } as const

export function parseCommand(argv: readonly string[]): ParsedCommand {
  try {
    return { ok: true, command: parseOrThrow(argv) }
  } catch (e) {
    if (e instanceof UsageError) return { ok: false, message: e.message }
    return { ok: false, message: describeParseArgsError(e, argv[0] ?? '') }
  }
}

function parseOrThrow(argv: readonly string[]): Command {
  const [name, ...rest] = argv
  switch (name) {
    case undefined:
      throw new UsageError('no command given: use run, resume, status or list (soul-batch --help)')
    case '--help':
    case '-h':
    case 'help':
      return { kind: 'help', text: MAIN_HELP }
    case '--version':
    case '-v':
      return { kind: 'version' }
    case 'run':
      return parseRun(rest)
    case 'resume':
      return parseResume(rest)
    case 'status':
      return parseStatus(rest)
    case 'list':
      return parseList(rest)
    case 'rename':
    case 'delete':
    case 'export':
      return parseManage(name, rest)
    default:
      throw new UsageError(
        `unknown command '${name}': use run, resume, status, list, rename, delete or export (soul-batch --help)`,
      )
  }
}

function parseRun(args: string[]): Command {
  const { values: v, positionals } = parseArgs({ args, options: RUN_OPTIONS, strict: true, allowPositionals: true })
  if (v.help) return { kind: 'help', text: RUN_HELP }
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument '${positionals[0]}': give prompts with --prompt "TEXT" (quote them)`)
  }
  const prompts = (v.prompt ?? []).map((p) => p.trim())
  if (prompts.length === 0 && v.csv === undefined)
    throw new UsageError('no prompts: give --prompt "TEXT" (repeatable) or --csv FILE')
  if (prompts.length > 0 && v.csv !== undefined) throw new UsageError('use either --prompt or --csv, not both')
  if (prompts.some((p) => p === '')) throw new UsageError('--prompt is empty')
  if (v['skip-invalid'] && v.csv === undefined) throw new UsageError('--skip-invalid only applies to --csv')
  if (v.seeds !== undefined && v.seed !== undefined) throw new UsageError('use either --seeds N or --seed S, not both')
  if (v.name !== undefined && v.name.trim().length > 200) throw new UsageError('--name is longer than 200 characters')

  return {
    kind: 'run',
    home: home(v.home),
    quiet: Boolean(v.quiet || v['json-only']),
    prompts,
    csvPath: v.csv === undefined ? null : nonEmpty('--csv', v.csv),
    skipInvalid: Boolean(v['skip-invalid']),
    styleIds:
      v.styles === undefined ? [DEFAULT_STYLE_ID] : flag('--styles', parseStyles(v.styles.split(',').join('|'))),
    seeds: seedPolicy(v.seeds, v.seed),
    size: v.size === undefined ? DEFAULT_SIZE : flag('--size', parseSize(v.size)),
    quality: v.quality === undefined ? '1080p' : flag('--quality', parseQuality(v.quality)),
    strength: v.strength === undefined ? 1 : flag('--strength', parseStrength(v.strength)),
    enhance: Boolean(v.enhance),
    name: v.name?.trim() || null,
    settings: queueSettings(v),
    fresh: Boolean(v.new),
    yes: Boolean(v.yes),
    budget: v.budget === undefined ? null : dollars('--budget', v.budget),
  }
}

function parseManage(kind: ManageCommand['kind'], args: string[]): Command {
  const options = kind === 'export' ? EXPORT_OPTIONS : HOME_OPTIONS
  const { values: v, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true })
  if (v.help) return { kind: 'help', text: MANAGE_HELP[kind] }
  const [batchId, ...rest] = positionals
  if (!batchId) throw new UsageError(`${kind} needs a batch id ("soul-batch list" shows them)`)
  let name: string | null = null
  if (kind === 'rename') {
    name = rest.join(' ').trim()
    if (!name) throw new UsageError('rename needs the new name: soul-batch rename BATCH_ID "New name"')
    if (name.length > 200) throw new UsageError('the new name is longer than 200 characters')
  } else if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}': ${kind} takes one batch id`)
  const out = 'out' in v && typeof v.out === 'string' ? nonEmpty('--out', v.out) : null
  return { kind, home: home(v.home), batchId, name, out }
}

/** "25", "$25", "12.50": dollars above zero, at most a million. */
function dollars(flagName: string, raw: string): number {
  const n = Number(raw.trim().replace(/^\$/, ''))
  if (!Number.isFinite(n) || n <= 0 || n > 1_000_000)
    throw new UsageError(`${flagName} must be an amount in dollars above 0, like 25 or 12.50, got '${raw}'`)
  return n
}

function parseResume(args: string[]): Command {
  const { values: v, positionals } = parseArgs({ args, options: RESUME_OPTIONS, strict: true, allowPositionals: true })
  if (v.help) return { kind: 'help', text: RESUME_HELP }
  return {
    kind: 'resume',
    home: home(v.home),
    quiet: Boolean(v.quiet || v['json-only']),
    batchId: oneBatchId(positionals),
    resendUnknown: Boolean(v['resend-unknown']),
    settings: queueSettings(v),
  }
}

function parseStatus(args: string[]): Command {
  const { values: v, positionals } = parseArgs({ args, options: HOME_OPTIONS, strict: true, allowPositionals: true })
  if (v.help) return { kind: 'help', text: STATUS_HELP }
  return { kind: 'status', home: home(v.home), batchId: oneBatchId(positionals) }
}

function parseList(args: string[]): Command {
  const { values: v, positionals } = parseArgs({ args, options: LIST_OPTIONS, strict: true, allowPositionals: true })
  if (v.help) return { kind: 'help', text: LIST_HELP }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}': list takes no batch id`)
  if (v.json && v.table) throw new UsageError('use either --json or --table, not both')
  return { kind: 'list', home: home(v.home), format: v.json ? 'json' : v.table ? 'table' : 'auto' }
}

function seedPolicy(seeds: string | undefined, seed: string | undefined): SeedPolicy {
  if (seed !== undefined) {
    const parsed = parseSeed(seed)
    if ('error' in parsed) throw new UsageError(`--${parsed.error}`)
    return { mode: 'fixed', seed: parsed.value }
  }
  if (seeds === undefined) return { mode: 'shared', count: 1 }
  // "--seeds 3" is a count; "--seeds 7,42,1234" (any separator) is a fixed list, the same seeds in every row.
  if (/[,;|\s]/.test(seeds.trim())) {
    const list = parseSeedList(seeds)
    if (typeof list === 'string') throw new UsageError(`--seeds: ${list}`)
    return { mode: 'list', seeds: list }
  }
  return { mode: 'shared', count: wholeNumber('--seeds', seeds, 1, MAX_SEEDS_PER_PROMPT) }
}

interface QueueValues {
  concurrency?: string | undefined
  rpm?: string | undefined
  plan?: string | undefined
}

function queueSettings(v: QueueValues): Partial<Settings> {
  const out: Partial<Settings> = {}
  if (v.concurrency !== undefined) out.concurrency = wholeNumber('--concurrency', v.concurrency, 1, MAX_CONCURRENCY)
  if (v.rpm !== undefined && v.plan !== undefined)
    throw new UsageError('use either --rpm N or --plan free|pro, not both')
  if (v.rpm !== undefined) {
    out.plan = 'custom'
    out.rpm = wholeNumber('--rpm', v.rpm, 1, MAX_RPM)
  }
  if (v.plan !== undefined) {
    const plan = v.plan.trim().toLowerCase()
    if (plan !== 'free' && plan !== 'pro') throw new UsageError(`--plan must be free or pro, got '${v.plan}'`)
    out.plan = plan
    out.rpm = PLAN_PRESETS[plan]
  }
  return out
}

function wholeNumber(flagName: string, raw: string, min: number, max: number): number {
  const t = raw.trim()
  const n = /^\d+$/.test(t) ? Number(t) : NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flagName} must be a whole number from ${min} to ${max}, got '${raw}'`)
  }
  return n
}

function flag<T>(flagName: string, parsed: Parsed<T>): T {
  if ('error' in parsed) throw new UsageError(`${flagName}: ${parsed.error}`)
  return parsed.value
}

function home(raw: string | undefined): string | null {
  return raw === undefined ? null : nonEmpty('--home', raw)
}

function nonEmpty(flagName: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(`${flagName} needs a value`)
  return raw
}

function oneBatchId(positionals: string[]): string | null {
  if (positionals.length > 1) throw new UsageError(`give at most one batch id, got ${positionals.length}`)
  return positionals[0] ?? null
}

/** node:util's messages are long and suggest '--' tricks; say what is wrong in one line instead. */
function describeParseArgsError(e: unknown, command: string): string {
  const code = (e as { code?: unknown } | null)?.code
  const message = e instanceof Error ? e.message : String(e)
  const option = /'(-{1,2}[^']*)'/.exec(message)?.[1] ?? ''
  const see = `(see soul-batch ${command} --help)`
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} for '${command}' ${see}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = option.split(' ')[0]
    if (/argument missing/.test(message)) return `option ${name} needs a value ${see}`
    if (/ambiguous/.test(message))
      return `option ${name} needs a value; for a value that starts with '-' write ${name}=VALUE`
    return `option ${name} takes no value ${see}`
  }
  return `${message.split('\n')[0]} ${see}`
}
