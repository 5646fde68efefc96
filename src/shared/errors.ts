/**
 * One error idiom for every boundary (IPC, WebSocket, CLI, scheduler rows): an AppError is data with a kind,
 * a message a person can read, and the facts the caller needs to decide what to do next. It never carries
 * the API key: messages are built from server text that went through `redactSecrets`.
 */
export const APP_ERROR_KINDS = [
  // input and app
  'validation', // bad input from the user or a caller (zod failure, bad CSV row, 400 from the server)
  'not_found', // unknown batch/cell/image in our library
  'cancelled',
  'internal',
  'io', // disk/database trouble
  'library', // the library folder cannot take an image (missing, a file, unwritable, read-only, full)
  // from Segmind
  'auth', // 401: missing or invalid key
  'forbidden', // 403: model not allowed for this account
  'credits', // 406 "Not enough credits"
  'spend_limit', // 406 team spend limit reached
  'content_type', // 406 "Invalid content type"
  'method', // 405 (HTML body)
  'retired', // 410 model retired
  'expired', // 404 on a request_id we know: the 1 h retention passed
  'vanished', // 404s on a request_id we know persisted for minutes before its retention ended: billed, yet gone
  'unknown_model', // 404 on submit: unknown slug
  'failed', // 422 FAILED: the job ran and failed
  'content_blocked', // 422 FAILED whose reason is a content / RAI block
  'rate_limited', // 429
  'server', // 5xx
  'network', // connection refused/reset, DNS
  'timeout', // no answer in time
  'bad_response', // a body we cannot make sense of
  'download', // the image could not be fetched or is not an image
] as const

export type AppErrorKind = (typeof APP_ERROR_KINDS)[number]

/** Whether a failed submit could have created (and billed) a job on the server. */
export type JobCreated = 'no' | 'maybe' | 'yes'

export interface AppErrorData {
  kind: AppErrorKind
  message: string
  /** The server's own words, redacted. */
  detail?: string
  /** HTTP status, when the error came from a response. */
  status?: number
  /** For submit errors: did the server possibly create a job? Only 'no' allows a re-POST. */
  jobCreated?: JobCreated
  /** Retrying the same call later may succeed (5xx, network, timeouts, 429). */
  retryable?: boolean
  /** For 429: when the window resets, epoch milliseconds. */
  resetAt?: number
  requestId?: string
  /** Per-field problems, for validation errors (path -> message). */
  issues?: { path: string; message: string }[]
}

export class AppError extends Error implements AppErrorData {
  readonly kind: AppErrorKind
  readonly detail?: string
  readonly status?: number
  readonly jobCreated?: JobCreated
  readonly retryable?: boolean
  readonly resetAt?: number
  readonly requestId?: string
  readonly issues?: { path: string; message: string }[]

  constructor(data: AppErrorData) {
    super(data.message)
    this.name = 'AppError'
    this.kind = data.kind
    if (data.detail !== undefined) this.detail = data.detail
    if (data.status !== undefined) this.status = data.status
    if (data.jobCreated !== undefined) this.jobCreated = data.jobCreated
    if (data.retryable !== undefined) this.retryable = data.retryable
    if (data.resetAt !== undefined) this.resetAt = data.resetAt
    if (data.requestId !== undefined) this.requestId = data.requestId
    if (data.issues !== undefined) this.issues = data.issues
  }

  toJSON(): AppErrorData {
    return toErrorData(this)
  }

  static is(e: unknown, kind?: AppErrorKind): e is AppError {
    return e instanceof AppError && (kind === undefined || e.kind === kind)
  }

  /** Rebuilds an AppError from data that crossed a boundary. */
  static from(data: AppErrorData): AppError {
    return new AppError(data)
  }
}

export function toErrorData(e: AppErrorData): AppErrorData {
  const out: AppErrorData = { kind: e.kind, message: e.message }
  for (const k of ['detail', 'status', 'jobCreated', 'retryable', 'resetAt', 'requestId', 'issues'] as const) {
    if (e[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = e[k]
  }
  return out
}

/** Wraps anything thrown into an AppError without leaking stack traces or secrets to the user. */
export function asAppError(e: unknown, fallback: AppErrorKind = 'internal'): AppError {
  if (e instanceof AppError) return e
  const message = e instanceof Error ? e.message : String(e)
  return new AppError({ kind: fallback, message: redactSecrets(message) })
}

/**
 * Secrets this process knows (the API key, registered where it is read): every redactSecrets call scrubs them,
 * also where a caller passes none, so a message built far from the key still cannot carry it.
 */
const registered = new Set<string>()

/** Registers a secret for every later redactSecrets call in this process (idempotent; short values ignored). */
export function registerSecret(secret: string): void {
  const s = secret.trim()
  if (s.length >= MIN_SECRET_LENGTH) registered.add(s)
}

const MIN_SECRET_LENGTH = 4
/** Encoded forms shorter than this are left alone: they would match ordinary text. */
const MIN_FORM_LENGTH = 8
const formsCache = new Map<string, readonly string[]>()

/**
 * The spellings of one secret that text can carry: as it is, JSON-escaped, percent-encoded (as a URL encoder
 * writes it, and every byte escaped in either case), and base64/base64url. A base64 run depends on where the
 * secret falls in the encoded bytes, so the part that is the same whatever comes before and after is taken
 * for each of the three alignments. Only these exact values are redacted: text that merely looks like a key
 * (a prompt that says "SG_12345678abc") is a person's words and is kept.
 */
export function secretForms(secret: string): readonly string[] {
  const cached = formsCache.get(secret)
  if (cached) return cached
  // Shared with the renderer, so no Buffer: UTF-8 bytes and btoa work in both.
  const bytes = new TextEncoder().encode(secret)
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0'))
  const forms = new Set<string>([
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    hex.map((h) => `%${h}`).join(''),
    hex.map((h) => `%${h.toUpperCase()}`).join(''),
  ])
  for (let skip = 0; skip < 3; skip++) {
    const aligned = bytes.subarray(skip)
    const whole = Math.floor(aligned.length / 3) * 3
    const core = btoa(String.fromCharCode(...aligned.subarray(0, whole)))
    forms.add(core)
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  const out = [...forms].filter((f, i) => i === 0 || f.length >= MIN_FORM_LENGTH)
  // Longest first: a longer spelling is replaced whole before a shorter one could cut it.
  out.sort((a, b) => b.length - a.length)
  if (formsCache.size > 64) formsCache.clear()
  formsCache.set(secret, out)
  return out
}

export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text
  const check = (secret: string): void => {
    if (secret.length < MIN_SECRET_LENGTH) return
    for (const form of secretForms(secret)) if (out.includes(form)) out = out.split(form).join('[redacted]')
  }
  for (const secret of extraSecrets) check(secret)
  // The caller's list usually holds the registered key already: each secret is looked for once.
  for (const secret of registered) if (!extraSecrets.includes(secret)) check(secret)
  return out
}

/**
 * redactSecrets for structured data (parsed JSON, call answers, events): every string, object keys included, is
 * scrubbed on its own. Text scrubbed before JSON.parse misses a key written with \u escapes, which parsing turns
 * back into the key; walking the parsed value catches it. Returns a scrubbed copy, or the value itself when it
 * holds no secret (every caller passes data it just parsed and owns); values that are not plain data (numbers,
 * class instances) pass through as they are.
 */
export function redactSecretsDeep<T>(value: T, extraSecrets: readonly string[] = []): T {
  // Nearly every answer holds no secret: looking costs no copy, and the copy is only made when one is there.
  // (The host scrubs every answer from the API this way; copying each one was a tenth of its allocations.)
  if (!holdsSecret(value, extraSecrets)) return value
  return redactStrings(value, (s) => redactSecrets(s, extraSecrets))
}

/** Whether any string inside plain arrays and objects (object keys included) holds a form of a secret. */
function holdsSecret(value: unknown, extraSecrets: readonly string[]): boolean {
  const stack: unknown[] = [value]
  const seen = new Set<object>()
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v === 'string') {
      if (textHoldsSecret(v, extraSecrets)) return true
      continue
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) continue
    seen.add(v)
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item)
    } else if (isPlainObject(v)) {
      for (const k of Object.keys(v)) {
        if (textHoldsSecret(k, extraSecrets)) return true
        stack.push(v[k])
      }
    }
  }
  return false
}

/** What redactSecrets looks for, without building anything. */
function textHoldsSecret(text: string, extraSecrets: readonly string[]): boolean {
  for (const secret of extraSecrets) if (textHoldsForm(text, secret)) return true
  for (const secret of registered) if (textHoldsForm(text, secret)) return true
  return false
}

function textHoldsForm(text: string, secret: string): boolean {
  if (secret.length < MIN_SECRET_LENGTH) return false
  for (const form of secretForms(secret)) if (text.includes(form)) return true
  return false
}

type Container = unknown[] | Record<string, unknown>

/** Applies `redact` to every string inside plain arrays and objects; iterative, so depth cannot blow the stack. */
export function redactStrings<T>(value: T, redact: (text: string) => string): T {
  const copies = new Map<object, Container>()
  const pending: [Container, Container][] = []
  const copyOf = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v)
    if (v === null || typeof v !== 'object') return v
    const seen = copies.get(v)
    if (seen !== undefined) return seen
    let copy: Container
    if (Array.isArray(v)) copy = new Array<unknown>(v.length)
    else if (isPlainObject(v)) copy = {}
    else return v
    copies.set(v, copy)
    pending.push([v as Container, copy])
    return copy
  }
  const root = copyOf(value)
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, copy] = next
    if (Array.isArray(source)) {
      for (let i = 0; i < source.length; i++) (copy as unknown[])[i] = copyOf(source[i])
      continue
    }
    const target = copy as Record<string, unknown>
    for (const [k, v] of Object.entries(source)) {
      const key = redact(k)
      // A "__proto__" key from JSON must stay a plain own property: assigning it would set the prototype instead.
      if (key === '__proto__') {
        Object.defineProperty(target, key, { value: copyOf(v), enumerable: true, writable: true, configurable: true })
      } else target[key] = copyOf(v)
    }
  }
  return root as T
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}
