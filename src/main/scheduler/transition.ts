import type { AppErrorData } from '@shared/errors'
import type { CellState } from '@shared/domain'
import type { Metrics } from '../cloud/types'
import type { CellChanges, CellRow } from '../db/cells'

/**
 * The cell's life (docs/architecture.md §4) as one pure function: given a cell and what just happened, the
 * fields to commit, or why that arrow does not exist. The runner commits each answer in its own transaction.
 */
export type CellEvent =
  /** Written BEFORE the POST, so a crash mid-request leaves evidence that a job may exist. */
  | { type: 'submit'; at: number }
  | { type: 'submitted'; at: number; requestId: string; statusUrl: string; responseUrl: string; nextCheckAt: number }
  /**
   * The error proves no job was created (429, connection refused, key/credit problems): safe to send again —
   * unless the user cancelled the batch meanwhile (commit.ts fills `batchCancelled` in the same transaction).
   */
  | { type: 'submit_not_created'; at: number; error?: AppErrorData; batchCancelled?: boolean }
  /** No job was created, but the same body would be refused again (400 and kin): final until the user acts. */
  | { type: 'submit_rejected'; at: number; error: AppErrorData }
  /** A job may exist (5xx, timeout, reset after sending): never re-sent without the user's word. */
  | { type: 'submit_unknown'; at: number; error: AppErrorData }
  | { type: 'status'; at: number; status: 'QUEUED' | 'PROCESSING'; nextCheckAt: number }
  | { type: 'completed'; at: number; metrics?: Metrics }
  | { type: 'result'; at: number; outputUrl: string; metrics?: Metrics }
  | { type: 'job_failed'; at: number; error: AppErrorData; metrics?: Metrics }
  | { type: 'not_found'; at: number; error: AppErrorData }
  /** A GET (status, result, download) failed in a way worth retrying later. */
  | { type: 'get_failed'; at: number; error: AppErrorData; nextCheckAt: number; countsAsFailure: boolean }
  | { type: 'give_up'; at: number; error: AppErrorData }
  | { type: 'saved'; at: number; cost?: number | null; metrics?: Metrics }
  /**
   * On start: an image of this cell's current attempt was found on disk without its row (a crash or power cut
   * after the file was written, or a row write that failed). Only from states whose job could have made it.
   */
  | { type: 'adopted'; at: number; cost: number }
  /** Sync mode: the image came back (and was billed) but cannot be used; it cannot be fetched again. */
  | { type: 'sync_unusable'; at: number; error: AppErrorData }
  | { type: 'cancel'; at: number }
  /** On start: a `submitting` row without a request id lost its answer in a crash. */
  | { type: 'recover'; at: number }
  /**
   * On start: the server that held this cell's job is gone with its jobs (demo mode's simulator of an earlier
   * run). A job still waited on expires; a stopped one forgets its job, so a retry submits afresh instead of
   * resuming a job that no longer exists.
   */
  | { type: 'server_gone'; at: number; error: AppErrorData }
  | { type: 'retry'; at: number; newSeed?: number }

export type TransitionResult = { ok: true; changes: CellChanges } | { ok: false; reason: string }

type Handler<T extends CellEvent['type']> = (cell: CellRow, e: Extract<CellEvent, { type: T }>) => TransitionResult

const reject = (cell: CellRow, e: CellEvent): TransitionResult => ({
  ok: false,
  reason: `a ${cell.state} cell cannot take '${e.type}'`,
})
const to = (changes: CellChanges): TransitionResult => ({ ok: true, changes })
const POLLING: readonly CellState[] = ['queued', 'processing']
const ON_SERVER: readonly CellState[] = ['queued', 'processing', 'fetching']
/** Sync mode writes the image while the cell is submitting; a failed row write leaves it unknown. */
const ADOPTABLE_WITHOUT_JOB: readonly CellState[] = ['submitting', 'unknown']
/**
 * Errors that say the job itself ended without an image. Anything else on a failed cell (a give-up after
 * failed polls, whatever their kind) leaves the job alive on the server: a retry resumes it.
 */
const JOB_FAILURE_KINDS = new Set(['failed', 'content_blocked'])

/** Clears everything that belonged to a previous job, for a fresh submit. */
function freshJob(at: number): CellChanges {
  return {
    state: 'pending',
    requestId: null,
    statusUrl: null,
    responseUrl: null,
    outputUrl: null,
    error: null,
    submittedAt: null,
    detectedAt: null,
    completedAt: null,
    cost: null,
    metrics: null,
    nextCheckAt: null,
    failures: 0,
    polls: 0,
    updatedAt: at,
  }
}

const handlers: { [T in CellEvent['type']]: Handler<T> } = {
  submit: (c, e) =>
    c.state === 'pending'
      ? to({
          state: 'submitting',
          submits: c.submits + 1,
          attempts: Math.max(1, c.attempts),
          error: null,
          updatedAt: e.at,
        })
      : reject(c, e),
  submitted: (c, e) =>
    c.state === 'submitting'
      ? to({
          state: 'queued',
          requestId: e.requestId,
          statusUrl: e.statusUrl,
          responseUrl: e.responseUrl,
          submittedAt: e.at,
          nextCheckAt: e.nextCheckAt,
          failures: 0,
          updatedAt: e.at,
        })
      : reject(c, e),
  // A cell of a cancelled batch must not wait as pending: a later retry of a sibling reactivates the batch.
  submit_not_created: (c, e) =>
    c.state === 'submitting'
      ? to({ state: e.batchCancelled ? 'cancelled' : 'pending', error: e.error ?? null, updatedAt: e.at })
      : reject(c, e),
  submit_rejected: (c, e) =>
    c.state === 'submitting' ? to({ state: 'failed', error: e.error, updatedAt: e.at }) : reject(c, e),
  submit_unknown: (c, e) =>
    c.state === 'submitting' ? to({ state: 'unknown', error: e.error, updatedAt: e.at }) : reject(c, e),
  status: (c, e) =>
    POLLING.includes(c.state) && !(c.state === 'processing' && e.status === 'QUEUED')
      ? to({
          state: e.status === 'PROCESSING' ? 'processing' : 'queued',
          polls: c.polls + 1,
          failures: 0,
          nextCheckAt: e.nextCheckAt,
          updatedAt: e.at,
        })
      : reject(c, e),
  completed: (c, e) =>
    POLLING.includes(c.state)
      ? to({
          state: 'fetching',
          polls: c.polls + 1,
          failures: 0,
          detectedAt: e.at,
          nextCheckAt: e.at,
          metrics: e.metrics ?? c.metrics,
          updatedAt: e.at,
        })
      : reject(c, e),
  result: (c, e) =>
    c.state === 'fetching'
      ? to({
          outputUrl: e.outputUrl,
          metrics: { ...c.metrics, ...e.metrics },
          cost: e.metrics?.cost ?? c.cost,
          completedAt: c.completedAt ?? e.at,
          failures: 0,
          nextCheckAt: e.at,
          updatedAt: e.at,
        })
      : reject(c, e),
  job_failed: (c, e) =>
    ON_SERVER.includes(c.state)
      ? to({ state: 'failed', error: e.error, metrics: e.metrics ?? c.metrics, nextCheckAt: null, updatedAt: e.at })
      : reject(c, e),
  // Once we hold the output URL the image outlives the request record (7 days vs 1 hour): keep fetching.
  not_found: (c, e) =>
    POLLING.includes(c.state) || (c.state === 'fetching' && !c.outputUrl)
      ? to({ state: 'expired', error: e.error, nextCheckAt: null, updatedAt: e.at })
      : reject(c, e),
  get_failed: (c, e) =>
    ON_SERVER.includes(c.state)
      ? to({
          failures: e.countsAsFailure ? c.failures + 1 : c.failures,
          polls: c.state === 'fetching' ? c.polls : c.polls + 1,
          error: e.error,
          nextCheckAt: e.nextCheckAt,
          updatedAt: e.at,
        })
      : reject(c, e),
  give_up: (c, e) =>
    ON_SERVER.includes(c.state)
      ? to({ state: 'failed', error: e.error, nextCheckAt: null, updatedAt: e.at })
      : reject(c, e),
  // Sync mode goes straight from submitting to saved: the answer is the image.
  saved: (c, e) =>
    c.state === 'fetching' || (c.state === 'submitting' && !c.requestId)
      ? to({
          state: 'saved',
          error: null,
          cost: e.cost ?? c.cost,
          metrics: e.metrics ? { ...c.metrics, ...e.metrics } : c.metrics,
          completedAt: c.completedAt ?? e.at,
          nextCheckAt: null,
          failures: 0,
          updatedAt: e.at,
        })
      : reject(c, e),
  adopted: (c, e) =>
    (ON_SERVER.includes(c.state) && c.requestId) || (ADOPTABLE_WITHOUT_JOB.includes(c.state) && !c.requestId)
      ? to({
          state: 'saved',
          error: null,
          cost: c.cost ?? e.cost,
          completedAt: c.completedAt ?? e.at,
          nextCheckAt: null,
          failures: 0,
          updatedAt: e.at,
        })
      : reject(c, e),
  sync_unusable: (c, e) =>
    c.state === 'submitting' && !c.requestId ? to({ state: 'failed', error: e.error, updatedAt: e.at }) : reject(c, e),
  // An unknown cell is cancelled only by the user's "drop" (issue 10): they chose not to send it again.
  cancel: (c, e) =>
    c.state === 'pending' || c.state === 'unknown' || POLLING.includes(c.state)
      ? to({ state: 'cancelled', nextCheckAt: null, updatedAt: e.at })
      : reject(c, e),
  recover: (c, e) =>
    c.state === 'submitting' && !c.requestId
      ? to({
          state: 'unknown',
          error: {
            kind: 'internal',
            message:
              'The app stopped while this cell was being submitted, so a job may exist on Segmind (and may be billed). ' +
              'It is not re-sent automatically; retry it if you want a new generation.',
          },
          updatedAt: e.at,
        })
      : reject(c, e),
  server_gone: (c, e) => serverGone(c, e),
  retry: (c, e) => retry(c, e),
}

function serverGone(c: CellRow, e: Extract<CellEvent, { type: 'server_gone' }>): TransitionResult {
  if (ON_SERVER.includes(c.state)) return to({ state: 'expired', error: e.error, nextCheckAt: null, updatedAt: e.at })
  if ((c.state !== 'failed' && c.state !== 'cancelled') || !c.requestId) return reject(c, e)
  const forget: CellChanges = { requestId: null, statusUrl: null, responseUrl: null, outputUrl: null, updatedAt: e.at }
  // A job failure says why the image was not made and stays; a give-up's "retry resumes it" would now be wrong.
  const jobFailed = c.state === 'failed' && c.error !== null && JOB_FAILURE_KINDS.has(c.error.kind)
  return to(c.state === 'failed' && !jobFailed ? { ...forget, error: e.error } : forget)
}

/**
 * The user's retry. A new seed always means a new generation. Otherwise a job we still hold on the server is
 * resumed rather than paid for again: a failed download re-fetches from its URL, a cell whose polls gave up
 * (or was cancelled while waiting) polls again; only a failed, expired or unknown job is submitted afresh.
 */
function retry(c: CellRow, e: Extract<CellEvent, { type: 'retry' }>): TransitionResult {
  if (!['failed', 'expired', 'unknown', 'cancelled'].includes(c.state)) return reject(c, e)
  const resubmit: CellChanges = { ...freshJob(e.at), attempts: c.attempts + 1 }
  if (e.newSeed !== undefined) return to({ ...resubmit, params: { ...c.params, seed: e.newSeed } })
  const jobFailed = c.error !== null && JOB_FAILURE_KINDS.has(c.error.kind)
  const resumable = (c.state === 'failed' && !jobFailed) || c.state === 'cancelled'
  if (resumable && c.requestId) {
    const state: CellState = c.outputUrl || c.detectedAt ? 'fetching' : 'queued'
    return to({ state, error: null, failures: 0, nextCheckAt: e.at, updatedAt: e.at })
  }
  return to(resubmit)
}

export function transition(cell: CellRow, event: CellEvent): TransitionResult {
  const handler = handlers[event.type] as (c: CellRow, e: CellEvent) => TransitionResult
  return handler(cell, event)
}
