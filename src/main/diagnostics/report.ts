import { redactSecrets } from '@shared/errors'

/**
 * The text "Copy diagnostics" puts on the clipboard: enough to understand a crash (version, platform, the
 * error with its stack, the last log lines) and nothing the user did not agree to share. The API key never
 * appears (scrubbed by pattern and by value); prompts, batch names, file names and the library path appear only
 * when the user ticked "include prompts and paths".
 */
export interface DiagnosticsFacts {
  appVersion: string
  platform: string
  arch: string
  /** process.versions: node, and electron/chrome when running under Electron. */
  versions: Readonly<Record<string, string | undefined>>
  home: string
  logLines: readonly string[]
  error?: { message: string; stack?: string | undefined; where?: string | undefined } | undefined
  includePrivate: boolean
  /** Exact secret values to scrub besides the key pattern. */
  secrets?: readonly string[]
  now: Date
}

/** Data fields of a log line that may hold what the user wrote or where they keep it. */
const PRIVATE_FIELDS = /^(prompts?|negative_?prompt|name|names|text|file|fileName|filename|home|path|dir|csv|tags)$/i

export function diagnosticsText(f: DiagnosticsFacts): string {
  const out: string[] = []
  out.push('Soul Batch diagnostics')
  out.push(`Created: ${f.now.toISOString()}`)
  out.push(`Version: ${f.appVersion}`)
  out.push(`Platform: ${f.platform} ${f.arch}`)
  const runtime = ['electron', 'chrome', 'node']
    .filter((k) => f.versions[k])
    .map((k) => `${k} ${f.versions[k]}`)
    .join(', ')
  out.push(`Runtime: ${runtime}`)
  out.push(`Library: ${f.includePrivate ? f.home : '(hidden; tick "include prompts and paths" to add it)'}`)
  out.push('')
  if (f.error) {
    out.push(`Error${f.error.where ? ` in ${f.error.where}` : ''}: ${f.error.message}`)
    if (f.error.stack) out.push(f.error.stack)
  } else {
    out.push('Error: none reported')
  }
  out.push('')
  out.push(`Last ${f.logLines.length} log lines:`)
  for (const line of f.logLines) out.push(privateFiltered(line, f.includePrivate))
  return redactSecrets(out.join('\n'), f.secrets ?? [])
}

/** One JSON log line with its private data fields replaced, unless the user agreed to share them. */
export function privateFiltered(line: string, includePrivate: boolean): string {
  if (includePrivate) return line
  let record: unknown
  try {
    record = JSON.parse(line)
  } catch {
    return '(a line that is not JSON, omitted)'
  }
  return JSON.stringify(withoutPrivate(record))
}

function withoutPrivate(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => withoutPrivate(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = PRIVATE_FIELDS.test(k) ? '[private]' : withoutPrivate(v, depth + 1)
  }
  return out
}
