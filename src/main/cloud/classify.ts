/**
 * Every way a Segmind call can fail, turned into one AppError with a sentence a person can act on and the facts
 * the scheduler decides with (retryable, jobCreated, resetAt). Pure: status + body + headers + endpoint in.
 * The rows follow docs/segmind-api.md §5; the server's own words go into `detail`, redacted.
 */
import { AppError, redactSecrets, redactSecretsDeep, type AppErrorData, type JobCreated } from '@shared/errors'
import { parseRateInfo } from './headers'
import { isContentBlockReason, reasonText } from './parse'
import type { Endpoint } from './types'

export interface HttpFailure {
  endpoint: Endpoint
  status: number
  bodyText: string
  headers: unknown
  /** The API key (and anything else secret) to scrub from server text, beyond the SG_ pattern. */
  secrets: readonly string[]
  now: number
  requestId?: string
}

export interface TransportFailure {
  endpoint: Endpoint
  error: unknown
  /** The caller's AbortSignal fired. */
  aborted: boolean
  secrets: readonly string[]
  requestId?: string
}

const HTML = /<\s*(!doctype|html|head|body)\b/i
const MAX_DETAIL = 300

/** The server's reason: `error`/`message`/`detail` of a JSON body, else short plain text; never HTML. */
export function serverDetail(bodyText: string, secrets: readonly string[]): string | undefined {
  // Redacted before parsing too, so no later cut can leave a fragment of the key that no pattern matches.
  const text = redactSecrets(bodyText.trim(), secrets)
  if (text === '' || HTML.test(text)) return undefined
  let reason: string | undefined
  try {
    // Scrubbed again once parsed: a \u-escaped key is only the key after JSON.parse, and reasonText cuts strings.
    const body: unknown = redactSecretsDeep(JSON.parse(text) as unknown, secrets)
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const rec = body as Record<string, unknown>
      reason = reasonText(rec.error) ?? reasonText(rec.message) ?? reasonText(rec.detail)
    } else {
      reason = reasonText(body)
    }
  } catch {
    reason = text
  }
  if (reason === undefined) return undefined
  const oneLine = redactSecrets(reason.replace(/\s+/g, ' ').trim(), secrets)
  return oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL - 1)}…` : oneLine
}

function isPost(endpoint: Endpoint): boolean {
  return endpoint === 'submit' || endpoint === 'sync'
}

function sentence(text: string): string {
  // Server text may end in an ellipsis (ours, from cutting it short, or its own); a sentence ends in one stop.
  const t = text.trim().replace(/(…|\.{2,})$/, '')
  return /[.!?]$/.test(t) ? t : `${t}.`
}

/** Builds the error, adding jobCreated only where it means something (the billable POSTs). */
function make(f: { endpoint: Endpoint; requestId?: string }, data: AppErrorData, jobCreated?: JobCreated): AppError {
  const full: AppErrorData = { ...data }
  if (isPost(f.endpoint) && jobCreated !== undefined) full.jobCreated = jobCreated
  if (f.requestId !== undefined) full.requestId = f.requestId
  return new AppError(full)
}

function downloadHttpError(f: HttpFailure, detail: string | undefined): AppError {
  const gone = f.status === 404 || f.status === 410
  const retryable = f.status === 408 || f.status === 429 || f.status >= 500
  const message = gone
    ? 'The image is no longer on the server (Segmind keeps generated images for 7 days).'
    : `The image could not be downloaded (HTTP ${f.status})${retryable ? '; it will be tried again' : ''}.`
  return make(f, { kind: 'download', message, status: f.status, retryable, ...(detail ? { detail } : {}) })
}

export function classifyHttpError(f: HttpFailure): AppError {
  const detail = serverDetail(f.bodyText, f.secrets)
  const withDetail = detail ? { detail } : {}
  const status = f.status
  if (f.endpoint === 'download') return downloadHttpError(f, detail)
  const base = { status, ...withDetail }
  const no = (data: Omit<AppErrorData, 'status'>): AppError => make(f, { ...base, retryable: false, ...data }, 'no')

  switch (status) {
    case 400:
      return no({
        kind: 'validation',
        message: sentence(`Segmind rejected the request${detail ? `: ${detail}` : ' as invalid'}`),
      })
    case 401:
      return no({
        kind: 'auth',
        message: /missing/i.test(detail ?? '')
          ? 'No Segmind API key was sent; set SEGMIND_API_KEY and restart.'
          : 'Segmind rejected the API key; check SEGMIND_API_KEY (it may be wrong or expired).',
      })
    case 403:
      return no({
        kind: 'forbidden',
        message: 'This Segmind account is not allowed to use the Soul model; check your plan or team permissions.',
      })
    case 404:
      if (f.endpoint === 'status' || f.endpoint === 'result') {
        // The scheduler decides what a 404 means (not-found.ts): past the 1 h retention the job expired, before it
        // a 404 may be a request not yet visible on every node. Kind `expired` says only "the server said 404".
        return no({
          kind: 'expired',
          message: 'Segmind answered "not found" for this request (it keeps results for 1 hour after submission).',
        })
      }
      if (f.endpoint === 'credits') {
        return no({
          kind: 'bad_response',
          message: 'The credit balance endpoint was not found; check the API base URL in Settings.',
        })
      }
      return no({
        kind: 'unknown_model',
        message: 'Segmind does not know this model at the configured base URL; check the base URL in Settings.',
      })
    case 405:
      // The 405 body is an HTML page [3P S8]: only a sentence, never the page.
      return make(
        f,
        {
          kind: 'method',
          status,
          retryable: false,
          message: 'Segmind refused the HTTP method for this call (405); the API base URL is probably wrong.',
        },
        'no',
      )
    case 406:
      return classify406(f, detail, no)
    case 410:
      return no({ kind: 'retired', message: 'Segmind has retired this model; it can no longer generate images.' })
    case 422:
      if (f.endpoint === 'status' || f.endpoint === 'result') {
        const reason = detail ?? 'The job failed without a reason.'
        const blocked = isContentBlockReason(reason)
        return no({
          kind: blocked ? 'content_blocked' : 'failed',
          message: blocked
            ? 'The image was blocked by the content filter; change the prompt or style.'
            : sentence(`The job failed on Segmind: ${reason}`),
        })
      }
      return no({
        kind: 'validation',
        message: sentence(`Segmind rejected the parameters${detail ? `: ${detail}` : ''}`),
      })
    case 429: {
      const rate = parseRateInfo(f.headers, f.now)
      const data: AppErrorData = {
        ...base,
        kind: 'rate_limited',
        retryable: true,
        message: "Segmind's rate limit was reached; the queue slows down until the window resets.",
      }
      if (rate.resetAt !== undefined) data.resetAt = rate.resetAt
      return make(f, data, 'no')
    }
    case 408:
      return make(
        f,
        {
          ...base,
          kind: 'timeout',
          retryable: true,
          message: 'Segmind timed out waiting for the request; it will be tried again.',
        },
        'no',
      )
  }
  if (status >= 500 && status <= 599) {
    // A 5xx may come after the job was created [U], so a submit cannot be proven job-free.
    const message = isPost(f.endpoint)
      ? `Segmind had a server error (HTTP ${status}); the job may or may not have been created.`
      : `Segmind had a server error (HTTP ${status}); it will be tried again.`
    return make(f, { ...base, kind: 'server', retryable: true, message }, 'maybe')
  }
  if (status >= 400 && status <= 499) {
    return no({
      kind: 'validation',
      message: sentence(`Segmind refused the request (HTTP ${status})${detail ? `: ${detail}` : ''}`),
    })
  }
  // 1xx/3xx (or a 2xx that reached here by mistake): the API never answers so; nothing was billed that we know of.
  return make(
    f,
    {
      ...base,
      kind: 'bad_response',
      retryable: false,
      message: `Segmind gave an unexpected answer (HTTP ${status}); check the API base URL in Settings.`,
    },
    'maybe',
  )
}

type No = (data: Omit<AppErrorData, 'status'>) => AppError

/** One status code, four meanings [3P S8]: told apart by the words of the message. */
function classify406(f: HttpFailure, detail: string | undefined, no: No): AppError {
  const words = detail ?? redactSecrets(f.bodyText, f.secrets).slice(0, 500)
  if (/credit/i.test(words)) {
    return no({
      kind: 'credits',
      message: 'Your Segmind credit balance is too low for this model; top up, then resume the queue.',
    })
  }
  if (/content.?type/i.test(words)) {
    return no({
      kind: 'content_type',
      message: "Segmind rejected the request's content type; this is a bug in the app, please report it.",
    })
  }
  if (/spend|limit/i.test(words)) {
    return no({
      kind: 'spend_limit',
      message: 'Your Segmind team spend limit has been reached; raise it, then resume the queue.',
    })
  }
  return no({
    kind: 'validation',
    message: sentence(`Segmind did not accept the parameters${detail ? `: ${detail}` : ''}`),
  })
}

/** Node/undici error codes; connection errors may hide the code in `cause` or in an AggregateError's list. */
export function errorCode(e: unknown, depth = 0): string | undefined {
  if (e === null || typeof e !== 'object' || depth > 3) return undefined
  const rec = e as { code?: unknown; cause?: unknown; errors?: unknown }
  if (typeof rec.code === 'string' && rec.code !== '') return rec.code
  const fromCause = errorCode(rec.cause, depth + 1)
  if (fromCause !== undefined) return fromCause
  if (Array.isArray(rec.errors)) {
    for (const inner of rec.errors.slice(0, 8)) {
      const c = errorCode(inner, depth + 1)
      if (c !== undefined) return c
    }
  }
  return undefined
}

function errorText(e: unknown): string {
  try {
    if (e instanceof Error) return e.message
    if (typeof e === 'string') return e
    return typeof e
  } catch {
    return 'unknown error'
  }
}

/** Failed before a byte left: nothing can have been created on the server. */
const BEFORE_SEND = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])
const TIMEOUTS = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
])

export function classifyTransportError(f: TransportFailure): AppError {
  if (f.error instanceof AppError) return f.error
  const code = errorCode(f.error)
  const text = errorText(f.error)
  // Redacted before it is cut: a cut could leave a piece of the key that no longer matches it.
  const detail = redactSecrets(`${code ? `${code}: ` : ''}${text}`, f.secrets).slice(0, MAX_DETAIL)
  if (f.aborted) {
    return make(
      f,
      { kind: 'cancelled', message: 'The call to Segmind was cancelled.', retryable: false, detail },
      'maybe',
    )
  }
  const jobCreated: JobCreated = code !== undefined && BEFORE_SEND.has(code) ? 'no' : 'maybe'
  const isTimeout =
    (code !== undefined && TIMEOUTS.has(code)) || (f.error instanceof Error && f.error.name === 'TimeoutError')
  if (f.endpoint === 'download') {
    const why = isTimeout ? 'the server stopped sending' : 'the connection failed'
    return make(f, {
      kind: 'download',
      message: `The image could not be downloaded (${why}); it will be tried again.`,
      retryable: true,
      detail,
    })
  }
  if (isTimeout) {
    const message =
      isPost(f.endpoint) && jobCreated === 'maybe'
        ? 'Segmind did not answer in time; the job may still have been created.'
        : 'Segmind did not answer in time; it will be tried again.'
    return make(f, { kind: 'timeout', message, retryable: true, detail }, jobCreated)
  }
  const message =
    jobCreated === 'no'
      ? 'Could not reach Segmind (no connection); check your network or the API base URL.'
      : isPost(f.endpoint)
        ? 'The connection to Segmind broke during the call; the job may or may not have been created.'
        : 'The connection to Segmind broke during the call; it will be tried again.'
  return make(f, { kind: 'network', message, retryable: true, detail }, jobCreated)
}
