import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { redactSecrets } from '@shared/errors'
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
    if (data !== undefined) record.data = JSON.parse(redactSecrets(safeJson(data), secrets)) as Record<string, unknown>
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

/** JSON lines appended to <home>/logs/soul-batch.log; a log that cannot be written never stops the app. */
export function fileSink(home: string): LogSink {
  const dir = join(home, 'logs')
  const file = join(dir, 'soul-batch.log')
  let ready = false
  return (r) => {
    try {
      if (!ready) {
        mkdirSync(dir, { recursive: true })
        ready = true
      }
      appendFileSync(file, `${JSON.stringify({ t: new Date().toISOString(), ...r })}\n`)
    } catch {
      // logging is best effort
    }
  }
}

function safeJson(data: Record<string, unknown>): string {
  try {
    return JSON.stringify(data, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v))
  } catch {
    return '{"unserializable":true}'
  }
}
