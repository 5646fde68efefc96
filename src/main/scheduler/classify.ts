import type { PauseReason } from '@shared/contracts'
import type { AppError } from '@shared/errors'

/**
 * What an error means for the queue. Pure, so every kind's handling is tested without a server.
 * The rule that matters most: a submit is sent again only when the error proves no job was created.
 */
export type SubmitOutcome =
  /** The key or the account needs the user: the cell goes back to pending and the whole queue pauses. */
  | { kind: 'pause'; reason: PauseReason }
  /** 429: no job; the client waits for the reset and slows down. */
  | { kind: 'rate_limited' }
  /** No job was created and trying later may work (connection refused, 5xx before the job): back to pending. */
  | { kind: 'retry_later' }
  /** No job, and the same body would be refused again (400, unknown model...): the cell fails with the reason. */
  | { kind: 'rejected' }
  /** A job may exist and may be billed: the cell becomes unknown and waits for the user. */
  | { kind: 'unknown' }

const PAUSE_KINDS = {
  auth: 'Segmind refused the API key. Check the key in Settings, then resume the queue.',
  forbidden: 'This Segmind account may not use the Soul model. Check the account, then resume the queue.',
  credits: 'Not enough Segmind credits for the next image. Top up your credits, then resume the queue.',
  spend_limit: "The team's Segmind spend limit is reached. Raise the limit, then resume the queue.",
} as const

export function pauseReasonFor(err: AppError): PauseReason | null {
  if (err.kind in PAUSE_KINDS) {
    const kind = err.kind as keyof typeof PAUSE_KINDS
    return { kind, message: PAUSE_KINDS[kind] }
  }
  return null
}

export function classifySubmitError(err: AppError): SubmitOutcome {
  if (err.jobCreated !== 'no') return { kind: 'unknown' }
  const reason = pauseReasonFor(err)
  if (reason) return { kind: 'pause', reason }
  if (err.kind === 'rate_limited') return { kind: 'rate_limited' }
  if (err.retryable || err.kind === 'network' || err.kind === 'server' || err.kind === 'timeout')
    return { kind: 'retry_later' }
  return { kind: 'rejected' }
}

export type GetOutcome =
  | { kind: 'closing' }
  | { kind: 'rate_limited' }
  /** 404 on a request we know: the 1 h retention passed. */
  | { kind: 'expired' }
  /** 401/403: every request would fail the same way; stop all traffic until the user resumes. */
  | { kind: 'halt'; reason: PauseReason }
  | { kind: 'job_failed' }
  /** Worth trying again after a backoff (5xx, resets, timeouts, damaged downloads, odd bodies). */
  | { kind: 'retry' }

export function classifyGetError(err: AppError): GetOutcome {
  switch (err.kind) {
    case 'cancelled':
      return { kind: 'closing' }
    case 'rate_limited':
      return { kind: 'rate_limited' }
    case 'expired':
    case 'not_found':
      return { kind: 'expired' }
    case 'failed':
    case 'content_blocked':
      return { kind: 'job_failed' }
    case 'auth':
    case 'forbidden':
      return { kind: 'halt', reason: pauseReasonFor(err)! }
    default:
      return { kind: 'retry' }
  }
}

/**
 * A GET that failed because the way to Segmind is down (no connection, no answer in time, a 5xx): it says nothing
 * about the job, which Segmind keeps for an hour, so such failures are retried until then, not counted to a give-up.
 */
export function isOutage(err: AppError): boolean {
  return err.kind === 'network' || err.kind === 'timeout' || err.kind === 'server'
}

/** Segmind keeps a job's status and result this long after submit (docs/segmind-api.md §3.4), in model seconds. */
export const JOB_RETENTION_SECONDS = 3600

/** The message a person reads on an `unknown` cell. */
export function unknownSubmitMessage(err: AppError): string {
  return (
    `Segmind may have created this job before the request failed (${err.message}), so it may be billed. ` +
    'It is not re-sent automatically; retry it if you want to pay for a new generation.'
  )
}

/** Consecutive submit rounds that could not connect at all before the whole queue pauses. */
export const MAX_UNREACHABLE_SUBMITS = 5

const UNREACHABLE_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_NONAME: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
}

/**
 * Why a submit never reached the API host (refused, DNS, unreachable, connect timeout), in a few words, or null
 * when the error is anything else. Only these prove the host itself is out of reach: any HTTP answer, even a
 * 5xx, means it is there. The client puts the system error code at the start of `detail`.
 */
export function unreachableCause(err: AppError): string | null {
  if (err.jobCreated !== 'no' || err.status !== undefined) return null
  if (err.kind !== 'network' && err.kind !== 'timeout') return null
  const code = /^([A-Z][A-Z0-9_]+):/.exec(err.detail ?? '')?.[1]
  return (code !== undefined ? UNREACHABLE_CAUSES[code] : undefined) ?? 'no connection'
}

/**
 * The queue's state while the API host cannot be reached: new submits wait, jobs already sent are still polled,
 * and the queue goes on by itself as soon as any request is answered. `since` lets a renderer show its own clock.
 */
export function networkHoldReason(host: string, cause: string, since: number): PauseReason {
  return {
    kind: 'network',
    since,
    message:
      `API unreachable since ${clockTime(since)} — retrying. ${host}: ${cause}. ` +
      'New cells wait; jobs already sent are still checked; the queue goes on by itself once the API answers.',
  }
}

/** HH:MM on this machine's clock (the CLI and the app run on the same machine as the core). */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}
