import { z } from 'zod'

/**
 * Command-line flags derived from a settings schema, so `npm run sim -- --help` always lists every setting with
 * its real description and default. camelCase keys become kebab-case flags; nested objects (faults) get a prefix:
 * faults.get5xx -> --fault-get5xx.
 */

export type FlagKind = 'number' | 'boolean' | 'string' | 'enum' | 'array'

export interface FlagSpec {
  flag: string
  path: string[]
  kind: FlagKind
  description: string
  defaultValue: unknown
  options?: readonly string[]
}

const NESTED_PREFIX: Record<string, string> = { faults: 'fault' }

export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

function unwrapDefault(schema: z.ZodType): { inner: z.ZodType; defaultValue: unknown } {
  if (schema instanceof z.ZodDefault)
    return { inner: schema.unwrap() as z.ZodType, defaultValue: schema.def.defaultValue }
  return { inner: schema, defaultValue: undefined }
}

function kindOf(schema: z.ZodType): { kind: FlagKind; options?: readonly string[] } | null {
  if (schema instanceof z.ZodNumber) return { kind: 'number' }
  if (schema instanceof z.ZodBoolean) return { kind: 'boolean' }
  if (schema instanceof z.ZodString) return { kind: 'string' }
  if (schema instanceof z.ZodEnum) return { kind: 'enum', options: schema.options.map(String) }
  if (schema instanceof z.ZodArray) return { kind: 'array' }
  return null
}

export function flagSpecs(schema: z.ZodObject): FlagSpec[] {
  const specs: FlagSpec[] = []
  const walk = (
    shape: Record<string, z.ZodType>,
    path: string[],
    prefix: string,
    defaults: Record<string, unknown> | undefined,
  ): void => {
    for (const [key, field] of Object.entries(shape)) {
      const { inner, defaultValue } = unwrapDefault(field)
      const description = field.description ?? inner.description ?? ''
      if (inner instanceof z.ZodObject) {
        const nestedDefaults = (defaultValue ?? {}) as Record<string, unknown>
        walk(
          inner.shape as Record<string, z.ZodType>,
          [...path, key],
          `${NESTED_PREFIX[key] ?? kebab(key)}-`,
          nestedDefaults,
        )
        continue
      }
      const kind = kindOf(inner)
      if (!kind) continue
      const spec: FlagSpec = {
        flag: `--${prefix}${kebab(key)}`,
        path: [...path, key],
        kind: kind.kind,
        description,
        defaultValue: defaultValue ?? defaults?.[key],
      }
      if (kind.options) spec.options = kind.options
      specs.push(spec)
    }
  }
  walk(schema.shape as Record<string, z.ZodType>, [], '', undefined)
  return specs
}

export type ParsedFlags =
  { help: true } | { help: false; values: Record<string, unknown> } | { help: false; errors: string[] }

function coerce(spec: FlagSpec, raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  switch (spec.kind) {
    case 'number': {
      const v = Number(raw)
      return raw.trim() !== '' && Number.isFinite(v)
        ? { ok: true, value: v }
        : { ok: false, error: `${spec.flag}: expected a number, got "${raw}"` }
    }
    case 'boolean':
      if (['true', '1', 'yes'].includes(raw)) return { ok: true, value: true }
      if (['false', '0', 'no'].includes(raw)) return { ok: true, value: false }
      return { ok: false, error: `${spec.flag}: expected true or false, got "${raw}"` }
    case 'array':
      return {
        ok: true,
        value: raw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      }
    default:
      return { ok: true, value: raw }
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>
    else {
      const fresh: Record<string, unknown> = {}
      node[key] = fresh
      node = fresh
    }
  }
  const last = path[path.length - 1]
  if (last !== undefined) node[last] = value
}

/** Turns argv into a raw settings object (not yet validated by the schema). Accepts --flag value, --flag=value, --no-flag. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byFlag = new Map(specs.map((s) => [s.flag, s]))
  const values: Record<string, unknown> = {}
  const errors: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') return { help: true }
    if (!arg.startsWith('--')) {
      errors.push(`unexpected argument "${arg}" (flags start with --)`)
      continue
    }
    const eq = arg.indexOf('=')
    let name = eq >= 0 ? arg.slice(0, eq) : arg
    let raw: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined
    let spec = byFlag.get(name)
    if (!spec && name.startsWith('--no-') && raw === undefined) {
      const positive = byFlag.get(`--${name.slice(5)}`)
      if (positive?.kind === 'boolean') {
        spec = positive
        name = positive.flag
        raw = 'false'
      }
    }
    if (!spec) {
      errors.push(`unknown flag ${name} (see --help)`)
      continue
    }
    if (raw === undefined) {
      const next = argv[i + 1]
      if (next !== undefined && !next.startsWith('--')) {
        raw = next
        i++
      } else if (spec.kind === 'boolean') raw = 'true'
      else {
        errors.push(`${name}: missing value`)
        continue
      }
    }
    const coerced = coerce(spec, raw)
    if (coerced.ok) setPath(values, spec.path, coerced.value)
    else errors.push(coerced.error)
  }
  return errors.length > 0 ? { help: false, errors } : { help: false, values }
}

/** Maps schema issues back to flag names, so "--rpm: Too small" reads like the command the user typed. */
export function issuesAsFlagErrors(error: z.ZodError, specs: readonly FlagSpec[]): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    const spec = specs.find((s) => s.path.join('.') === path)
    return `${spec?.flag ?? path}: ${issue.message}`
  })
}

function formatDefault(value: unknown): string {
  if (Array.isArray(value)) return value.join(',')
  return String(value)
}

export function helpText(specs: readonly FlagSpec[], usage: string): string {
  const lines = [usage, '', 'Options (every simulator setting; times are real-model seconds x --time-scale):', '']
  const width = Math.max(...specs.map((s) => s.flag.length + valueHint(s).length + 1))
  for (const s of specs) {
    const left = `${s.flag} ${valueHint(s)}`.padEnd(width + 2)
    lines.push(`  ${left}${s.description} (default: ${formatDefault(s.defaultValue)})`)
  }
  lines.push(`  ${'--help'.padEnd(width + 2)}show this help`)
  return lines.join('\n')
}

function valueHint(s: FlagSpec): string {
  switch (s.kind) {
    case 'number':
      return '<n>'
    case 'boolean':
      return '<true|false>'
    case 'array':
      return '<a,b,...>'
    case 'enum':
      return `<${(s.options ?? []).join('|')}>`
    default:
      return '<text>'
  }
}
