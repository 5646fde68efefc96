import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { redactSecrets, redactSecretsDeep } from '@shared/errors'
import type { Logger } from './core-types'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface LogRecord {
  level: LogLevel
  scope: string
  msg: string
  data?: Record<string, unknown>
}

export type LogSink = (r: LogRecord) => void

/** The log file's name inside its folder; rotated copies are soul-batch.1.log (newest) … soul-batch.N.log. */
export const LOG_FILE = 'soul-batch.log'
/** A log bigger than this is rotated before the next line: a week of busy batches stays a few megabytes. */
export const DEFAULT_MAX_LOG_BYTES = 2 * 1024 * 1024
/** Rotated files kept besides the current one. */
export const DEFAULT_KEEP_LOGS = 3

/** Browser mode and the CLI log into the library (`<library>/logs`); Electron passes the platform's log folder. */
export function logFolder(home: string): string {
  return join(home, 'logs')
}

export function rotatedLogName(index: number, name: string = LOG_FILE): string {
  return index === 0 ? name : name.replace(/\.log$/, `.${index}.log`)
}

/**
 * A scoped logger whose every line goes through redactSecrets (the key pattern plus any secret we were given),
 * so neither a message nor a data field can carry the API key out.
 */
export function createLogger(
  sink: LogSink,
  opts: { scope?: string; secrets?: readonly string[]; level?: LogLevel } = {},
): ScopedLogger {
  const secrets = opts.secrets ?? []
  const min = LEVELS[opts.level ?? 'debug']
  const scope = opts.scope ?? 'core'
  const emit = (level: LogLevel, msg: string, data?: Record<string, unknown>): void => {
    if (LEVELS[level] < min) return
    const record: LogRecord = { level, scope, msg: redactSecrets(msg, secrets) }
    // Scrubbed after parsing too: a key written with \u escapes in the JSON text would otherwise come back whole.
    if (data !== undefined) record.data = redactSecretsDeep(JSON.parse(redactSecrets(safeJson(data), secrets)), secrets)
    sink(record)
  }
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
    child: (sub) => createLogger(sink, { ...opts, scope: `${scope}.${sub}` }),
  }
}

export interface ScopedLogger extends Logger {
  child(scope: string): ScopedLogger
}

/** A host's logger as a sink, so its lines are redacted like ours. */
export function loggerSink(log: Logger): LogSink {
  return (r) => log[r.level](`[${r.scope}] ${r.msg}`, r.data)
}

/** Several sinks as one (the file, plus stderr for a host that shows a terminal). */
export function teeSink(...sinks: LogSink[]): LogSink {
  return (r) => {
    for (const s of sinks) s(r)
  }
}

export interface FileSinkOptions {
  /** Another process's log beside the core's (Electron main writes main.log): one writer per file. */
  fileName?: string
  maxBytes?: number
  keep?: number
  now?: () => Date
}

/**
 * JSON lines appended to `<dir>/soul-batch.log`, rotated by size: when the file would pass maxBytes it becomes
 * soul-batch.1.log, the older ones shift up and the oldest beyond `keep` is deleted. A line is a few hundred bytes,
 * so the synchronous append and the renames stay far below a millisecond. A log that cannot be written never
 * stops the app.
 */
export function fileSink(dir: string, opts: FileSinkOptions = {}): LogSink {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_LOG_BYTES
  const keep = opts.keep ?? DEFAULT_KEEP_LOGS
  const now = opts.now ?? (() => new Date())
  const name = opts.fileName ?? LOG_FILE
  const file = join(dir, name)
  let size: number | null = null
  return (r) => {
    try {
      if (size === null) {
        mkdirSync(dir, { recursive: true })
        size = fileSize(file)
      }
      const line = `${JSON.stringify({ t: now().toISOString(), ...r })}\n`
      const bytes = Buffer.byteLength(line)
      if (size > 0 && size + bytes > maxBytes) {
        rotate(dir, name, keep)
        size = 0
      }
      appendFileSync(file, line)
      size += bytes
    } catch {
      // logging is best effort; the size is re-read next time in case the folder changed under us
      size = null
    }
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

function rotate(dir: string, name: string, keep: number): void {
  rmSync(join(dir, rotatedLogName(keep, name)), { force: true })
  for (let i = keep - 1; i >= 0; i--) {
    try {
      renameSync(join(dir, rotatedLogName(i, name)), join(dir, rotatedLogName(i + 1, name)))
    } catch {
      // a gap in the numbering (a file deleted by hand) is fine
    }
  }
  if (keep === 0) rmSync(join(dir, rotatedLogName(1, name)), { force: true })
}

/**
 * The last `count` lines of the log (the current file, then the previous one if it is short), for diagnostics.
 * Reads at most `maxBytes` from the end of each file so a huge log never loads whole.
 */
export async function lastLogLines(dir: string, count: number, maxBytes = 256 * 1024): Promise<string[]> {
  const lines: string[] = []
  for (let i = 0; i <= 1 && lines.length < count; i++) {
    const tail = await readTail(join(dir, rotatedLogName(i)), maxBytes)
    if (tail === null) continue
    const own = tail.split('\n').filter((l) => l.trim() !== '')
    lines.unshift(...own.slice(-(count - lines.length)))
  }
  return lines
}

async function readTail(file: string, maxBytes: number): Promise<string | null> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch {
    return null
  }
  try {
    const { size } = await handle.stat()
    const start = Math.max(0, size - maxBytes)
    const buf = Buffer.alloc(size - start)
    await handle.read(buf, 0, buf.length, start)
    const text = buf.toString('utf8')
    // A tail that starts mid-line drops that partial first line.
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text
  } finally {
    await handle.close()
  }
}

function safeJson(data: Record<string, unknown>): string {
  try {
    return JSON.stringify(data, (_k, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message, ...(v.stack ? { stack: v.stack } : {}) } : v,
    )
  } catch {
    return '{"unserializable":true}'
  }
}
