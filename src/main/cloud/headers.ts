/**
 * Reading Segmind's response headers: rate budget, billing and seed facts. Pure functions over a header map of
 * unknown shape (undici gives `Record<string, string | string[]>`, tests give anything), so nothing here throws.
 */
import type { RateInfo } from './types'

/** Case-insensitive lookup; a repeated header (an array of values) yields its first value. */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined
  const h = headers as Record<string, unknown>
  const wanted = name.toLowerCase()
  // undici names every header in lower case: one property read, no list of entries built (this runs several
  // times per answer). Other shapes are scanned; where a name comes in two cases, the lower-case one wins.
  if (Object.hasOwn(h, wanted)) return firstValue(h[wanted])
  for (const [k, v] of Object.entries(h)) {
    if (k.toLowerCase() === wanted) return firstValue(v)
  }
  return undefined
}

function firstValue(v: unknown): string | undefined {
  const first = Array.isArray(v) ? (v as unknown[])[0] : v
  if (typeof first === 'string') return first
  if (typeof first === 'number' && Number.isFinite(first)) return String(first)
  return undefined
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** Segmind sends some numbers as strings (metrics and headers alike); anything else is "not said". */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v !== 'string') return undefined
  const s = v.trim()
  if (!NUMERIC.test(s)) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

export function toNonNegativeInt(v: unknown): number | undefined {
  const n = toNumber(v)
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined
}

/** Below this an epoch value would be before 2001, so a bare number that small is read as "seconds from now". */
const EPOCH_SECONDS_FLOOR = 1e9
/** Epoch seconds stay below 1e11 until the year 5138; epoch milliseconds are above it since 1973. */
const EPOCH_MS_FLOOR = 1e11
/** Rate windows last minutes; a reset further ahead than this is a misread, not a plan to wait. */
const MAX_AHEAD_MS = 7 * 24 * 3600 * 1000

function plausible(t: number, now: number): number | undefined {
  return Number.isFinite(t) && t >= 0 && t <= now + MAX_AHEAD_MS ? Math.round(t) : undefined
}

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/**
 * x-rate-limit-reset-at-utc in any of the forms seen or plausible [U]: ISO 8601 (a missing zone means UTC, as
 * the header's name says), epoch seconds, epoch milliseconds, or an HTTP date. Returns epoch ms.
 */
export function parseResetAt(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const text = String(value).trim()
  if (text === '') return undefined
  const n = toNumber(text)
  if (n !== undefined) {
    if (n < 0) return undefined
    if (n < EPOCH_SECONDS_FLOOR) return plausible(now + n * 1000, now)
    return plausible(n < EPOCH_MS_FLOOR ? n * 1000 : n, now)
  }
  const iso = ISO_WITHOUT_ZONE.test(text) ? `${text.replace(' ', 'T')}Z` : text
  return plausible(Date.parse(iso), now)
}

/** Retry-After: delta seconds or an HTTP date (RFC 9110 §10.2.3). Segmind does not send it today [3P]. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const text = String(value).trim()
  const n = toNumber(text)
  if (n !== undefined) return n >= 0 ? plausible(now + n * 1000, now) : undefined
  if (!/[a-z]/i.test(text)) return undefined
  return plausible(Date.parse(text), now)
}

export function parseRateInfo(headers: unknown, now: number): RateInfo {
  const rate: RateInfo = {}
  const remaining = toNonNegativeInt(headerValue(headers, 'x-rate-limit-remaining'))
  if (remaining !== undefined) rate.remaining = remaining
  const resetAt =
    parseResetAt(headerValue(headers, 'x-rate-limit-reset-at-utc'), now) ??
    parseRetryAfter(headerValue(headers, 'retry-after'), now)
  if (resetAt !== undefined) rate.resetAt = resetAt
  return rate
}

/** Billing and generation facts the v1 endpoint (and perhaps others) put in headers [3P]. */
export interface HeaderFacts {
  cost?: number
  remainingCredits?: number
  seed?: number
  requestId?: string
  generationSeconds?: number
}

export function parseHeaderFacts(headers: unknown): HeaderFacts {
  const facts: HeaderFacts = {}
  const cost = toNumber(headerValue(headers, 'x-cost'))
  if (cost !== undefined && cost >= 0) facts.cost = cost
  const remaining = toNumber(headerValue(headers, 'x-remaining-credits'))
  if (remaining !== undefined) facts.remainingCredits = remaining
  const seed = toSeed(headerValue(headers, 'x-seed-value'))
  if (seed !== undefined) facts.seed = seed
  const requestId = headerValue(headers, 'x-request-id')?.trim()
  if (requestId) facts.requestId = requestId.slice(0, 200)
  const gen = toNumber(headerValue(headers, 'x-generation-time'))
  if (gen !== undefined && gen >= 0) facts.generationSeconds = gen
  return facts
}

export function toSeed(v: unknown): number | undefined {
  const n = toNumber(v)
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined
}
