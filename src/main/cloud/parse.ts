/**
 * Segmind's JSON bodies, validated at the edge (docs/segmind-api.md §3). Tolerant on purpose: extra fields pass,
 * numbers may come as strings, `output` may take any of the [U] shapes. What cannot be understood becomes a
 * `bad_response` AppError; nothing else is ever thrown from here.
 */
import { z } from 'zod'
import { AppError } from '@shared/errors'
import { parseHeaderFacts, parseRateInfo, toNumber, toSeed } from './headers'
import type { Credits, Endpoint, JobStatus, Metrics, ResultAnswer, StatusAnswer, Submitted } from './types'

const ENDPOINT_WORDS: Record<Endpoint, string> = {
  submit: 'job submission',
  status: 'status check',
  result: 'result fetch',
  download: 'image download',
  sync: 'synchronous generation',
  credits: 'credit balance check',
}

export function badResponse(endpoint: Endpoint, detail: string, status?: number): AppError {
  return new AppError({
    kind: 'bad_response',
    message: `Segmind's answer to the ${ENDPOINT_WORDS[endpoint]} could not be understood; try again, and report it if it keeps happening.`,
    detail: detail.slice(0, 300),
    ...(status !== undefined ? { status } : {}),
    retryable: false,
  })
}

export function parseJsonText(text: string, endpoint: Endpoint): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw badResponse(endpoint, text.trim() === '' ? 'empty body' : 'body is not JSON')
  }
}

/** Only http(s) URLs are followed; the client narrows the scheme further against its base URL. */
export function isHttpUrl(s: unknown): s is string {
  if (typeof s !== 'string') return false
  try {
    const u = new URL(s.trim())
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== ''
  } catch {
    return false
  }
}

const SubmitBodySchema = z.object({
  request_id: z.string().trim().min(1),
  status_url: z.string().trim().refine(isHttpUrl),
  response_url: z.string().trim().refine(isHttpUrl),
  poll_url: z.unknown().optional(),
})

/** The SDK's own rule: a submit answer without request_id, status_url and response_url is an error [C S4]. */
export function parseSubmitBody(body: unknown, headers: unknown, now: number): Submitted {
  const r = SubmitBodySchema.safeParse(body)
  if (!r.success) {
    const e = badResponse('submit', 'missing request_id / status_url / response_url')
    // A job the server named was created and may be billed: keep its id so the user can see which one it was.
    const named = typeof body === 'object' && body !== null ? (body as { request_id?: unknown }).request_id : undefined
    const id = typeof named === 'string' ? named.trim().slice(0, 200) : ''
    throw id ? new AppError({ ...e.toJSON(), requestId: id }) : e
  }
  const out: Submitted = {
    requestId: r.data.request_id,
    statusUrl: r.data.status_url,
    responseUrl: r.data.response_url,
    rate: parseRateInfo(headers, now),
  }
  if (isHttpUrl(r.data.poll_url)) out.pollUrl = r.data.poll_url.trim()
  return out
}

/**
 * Segmind documents four states [C S1]; Higgsfield's upstream words (in_progress, nsfw, canceled) are mapped in
 * case they ever leak through [U]. Returns undefined for anything else.
 */
export function normalizeStatus(v: unknown): { status: JobStatus; blocked?: boolean } | undefined {
  if (typeof v !== 'string') return undefined
  const s = v.trim().toUpperCase()
  switch (s) {
    case 'QUEUED':
    case 'PENDING':
      return { status: 'QUEUED' }
    case 'PROCESSING':
    case 'IN_PROGRESS':
    case 'RUNNING':
      return { status: 'PROCESSING' }
    case 'COMPLETED':
    case 'SUCCEEDED':
      return { status: 'COMPLETED' }
    case 'FAILED':
    case 'CANCELED':
    case 'CANCELLED':
      return { status: 'FAILED' }
    case 'NSFW':
      return { status: 'FAILED', blocked: true }
    default:
      return undefined
  }
}

const CONTENT_BLOCK = /nsfw|content.?policy|safety|moderation|blocked|\brai\b|inappropriate/i

/** The exact text of a Higgsfield content block is undocumented [U]; these words are what such reasons use. */
export function isContentBlockReason(reason: string): boolean {
  return CONTENT_BLOCK.test(reason)
}

const METRIC_KEYS = ['inference_time', 'queue_time', 'total_time', 'cost', 'remaining_credits'] as const

export function parseMetrics(v: unknown): Metrics {
  const out: Metrics = {}
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return out
  const rec = v as Record<string, unknown>
  for (const k of METRIC_KEYS) {
    const n = toNumber(rec[k])
    if (n !== undefined) out[k] = n
  }
  return out
}

/** Reads a human reason out of `error`, which is usually a string but is not promised to be. */
export function reasonText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim().slice(0, 1000)
  if (v !== null && typeof v === 'object') {
    const rec = v as Record<string, unknown>
    for (const k of ['message', 'detail', 'error', 'reason']) {
      const inner = reasonText(rec[k])
      if (inner !== undefined) return inner
    }
    try {
      return JSON.stringify(v).slice(0, 1000)
    } catch {
      return undefined
    }
  }
  return undefined
}

function asRecord(body: unknown, endpoint: Endpoint): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badResponse(endpoint, 'body is not a JSON object')
  return body as Record<string, unknown>
}

interface StatusCore {
  status: JobStatus
  error?: string
  contentBlocked?: boolean
  metrics: Metrics
}

function statusCore(rec: Record<string, unknown>, endpoint: Endpoint): StatusCore {
  const st = normalizeStatus(rec.status)
  if (!st) {
    const said =
      typeof rec.status === 'string' ? JSON.stringify(rec.status.slice(0, 40)) : `of type ${typeof rec.status}`
    throw badResponse(endpoint, `unknown status ${said}`)
  }
  const core: StatusCore = { status: st.status, metrics: parseMetrics(rec.metrics) }
  if (st.status === 'FAILED') {
    const reason =
      reasonText(rec.error) ??
      (st.blocked ? 'The image was blocked by the content filter.' : 'The job failed without a reason.')
    core.error = reason
    core.contentBlocked = st.blocked === true || isContentBlockReason(reason)
  }
  return core
}

export function parseStatusBody(body: unknown, headers: unknown, now: number): StatusAnswer {
  const core = statusCore(asRecord(body, 'status'), 'status')
  return { ...core, rate: parseRateInfo(headers, now) }
}

const MAX_OUTPUT_DEPTH = 4

/**
 * The image URL out of `output` in any [U] shape: a URL string, a string holding JSON (URL, array or object),
 * an array (first usable entry), or an object with `url` (or nested `images`/`output`).
 */
export function extractOutputUrl(output: unknown, depth = 0): string | undefined {
  if (depth > MAX_OUTPUT_DEPTH) return undefined
  if (typeof output === 'string') {
    const s = output.trim()
    if (isHttpUrl(s)) return s
    if (/^[[{"]/.test(s)) {
      let inner: unknown
      try {
        inner = JSON.parse(s)
      } catch {
        return undefined
      }
      return extractOutputUrl(inner, depth + 1)
    }
    return undefined
  }
  if (Array.isArray(output)) {
    for (const item of output.slice(0, 16)) {
      const url = extractOutputUrl(item, depth + 1)
      if (url !== undefined) return url
    }
    return undefined
  }
  if (output !== null && typeof output === 'object') {
    const rec = output as Record<string, unknown>
    for (const k of ['url', 'image', 'images', 'output']) {
      if (!(k in rec)) continue
      const url = extractOutputUrl(rec[k], depth + 1)
      if (url !== undefined) return url
    }
  }
  return undefined
}

export function parseResultBody(body: unknown, headers: unknown, now: number): ResultAnswer {
  const rec = asRecord(body, 'result')
  const core = statusCore(rec, 'result')
  const answer: ResultAnswer = { ...core, rate: parseRateInfo(headers, now) }
  const facts = parseHeaderFacts(headers)
  if (answer.metrics.cost === undefined && facts.cost !== undefined) answer.metrics.cost = facts.cost
  if (answer.metrics.remaining_credits === undefined && facts.remainingCredits !== undefined) {
    answer.metrics.remaining_credits = facts.remainingCredits
  }
  const seed = toSeed(rec.seed) ?? facts.seed
  if (seed !== undefined) answer.seed = seed
  if (core.status !== 'COMPLETED') return answer
  const url = extractOutputUrl(rec.output) ?? extractOutputUrl(rec.images)
  if (url === undefined) throw badResponse('result', 'the finished job names no image URL')
  answer.outputUrl = url
  return answer
}

/**
 * A 422 on status/result is the job's FAILED verdict, not a transport error [C S4]. The body normally parses as
 * a FAILED status body; when it does not, the reason is whatever text came back.
 */
export function parseFailedBody(bodyText: string, headers: unknown, now: number): StatusAnswer {
  let reason: string | undefined
  let metrics: Metrics = {}
  try {
    const body: unknown = JSON.parse(bodyText)
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const rec = body as Record<string, unknown>
      reason = reasonText(rec.error) ?? reasonText(rec.detail) ?? reasonText(rec.message)
      metrics = parseMetrics(rec.metrics)
      if (reason === undefined && normalizeStatus(rec.status)?.blocked)
        reason = 'The image was blocked by the content filter.'
    } else {
      reason = reasonText(body)
    }
  } catch {
    const text = bodyText.trim()
    if (text !== '' && !/<\s*(!doctype|html|body)/i.test(text)) reason = text.replace(/\s+/g, ' ').slice(0, 300)
  }
  const error = reason ?? 'The job failed without a reason.'
  return {
    status: 'FAILED',
    error,
    contentBlocked: isContentBlockReason(error),
    metrics,
    rate: parseRateInfo(headers, now),
  }
}

/** E6 answers `{"credits": n, "free-credits": n}` [3P]. */
export function parseCreditsBody(body: unknown): Credits {
  const rec = asRecord(body, 'credits')
  const credits = toNumber(rec.credits)
  if (credits === undefined) throw badResponse('credits', 'no numeric credits field')
  const free = toNumber(rec['free-credits'] ?? rec.free_credits ?? rec.freeCredits)
  return { credits, freeCredits: free ?? null }
}
