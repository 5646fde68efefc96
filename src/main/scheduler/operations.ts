import type { PauseReason, Settings } from '@shared/contracts'
import { AppError, asAppError, toErrorData, type AppErrorData } from '@shared/errors'
import type { Endpoint, Metrics, RateInfo, SegmindApi, Submitted, SyncAnswer } from '../cloud/types'
import type { Db } from '../db/connection'
import type { CellRow } from '../db/cells'
import type { ImageFacts } from '../library/image-check'
import { isLibraryFault, libraryWriteError } from '../library/library-faults'
import { cellImageMetadata } from '../library/image-metadata'
import { imageWork } from '../library/image-workers'
import type { WrittenImage } from '../library/save-image'
import type { ScopedLogger } from '../log'
import type { RequestBudget } from './budget'
import { classifyGetError, classifySubmitError, isOutage, unknownSubmitMessage, unreachableCause } from './classify'
import type { CommitExtra } from './commit'
import { commitUntilLanded } from './commit-retry'
import { insertImageRow } from './image-row'
import { notFoundAnswer } from './fault-answers'
import type { NotFoundStreaks } from './not-found'
import type { CellEvent } from './transition'
import { fetchAfterCompleted } from './fetch'

/** Everything an operation needs from the runner; operations never decide what runs next, only what happened. */
export interface OpContext {
  db: Db
  home: string
  client: SegmindApi
  log: ScopedLogger
  budget: RequestBudget
  now(): number
  newId(): string
  settings(): Settings
  commit(cellId: string, event: CellEvent, extra?: CommitExtra): CellRow | null
  pauseQueue(reason: PauseReason): void
  /** Next status check after a not-yet-done answer (or the first one after submit when polls is 0). */
  planCheck(cell: CellRow, at: number): number
  /** Backoff before the n-th consecutive failed try. */
  backoffMs(failures: number): number
  /** Submits wait this long after a submit failed without creating a job (connection refused, 5xx). */
  deferSubmits(): void
  submitSucceeded(): void
  /** A submit could not connect to the API host at all; enough of these in a row pause the queue. */
  submitUnreachable(cell: CellRow, cause: string): void
  /** The API host answered (any HTTP answer): it is reachable, whatever else went wrong. */
  reachedApi(): void
  /** Records when a job was seen done, for the latency model. */
  learn(cell: CellRow, metrics: Metrics | undefined, at: number): void
  noteSaved(cell: CellRow, at: number): void
  /** When Segmind forgets this cell's job (its retention after submit), or null when it was never submitted. */
  jobKeptUntil(cell: CellRow): number | null
  /** Runs of 404 answers per cell: evidence gathered before a job is declared gone (not-found.ts). */
  notFound: NotFoundStreaks
  /** Wall-clock ms per model second. */
  unitMs: number
  random(): number
  /** Aborted when the scheduler stops. */
  stopped: AbortSignal
  /** Awaited after each answer, before the work it brings: null now, or a later turn of the loop (turn-budget.ts). */
  turn(): Promise<void> | null
  /** The scheduler's own work in this turn (a tick) counts against the same budget as the answers' work. */
  turnBegins(): void
}

/**
 * Consecutive failures after which a cell stops trying on its own (the user's retry resumes it without a new job).
 * Outages (no connection, timeouts, 5xx) do not count: a job is polled through them until Segmind forgets it.
 */
export const MAX_GET_FAILURES = 10
export const MAX_DOWNLOAD_FAILURES = 6
/** Tries of a sync image's row before the cell is left `unknown` with its file on disk, for the next start. */
export const SYNC_ROW_TRIES = 5

export function heard(ctx: OpContext, rate: RateInfo): void {
  ctx.reachedApi()
  ctx.budget.onSuccess()
  ctx.budget.onRemaining(rate.remaining, rate.resetAt)
}

/**
 * The POST of a cell already committed as `submitting`. Never aborted: a cut-off POST would leave a job unknown.
 * Only an error of the POST itself is a failed submit; once an answer is here a job exists and is billed, so its
 * request id is logged at once and its commit is retried until the database takes it.
 */
export async function sendSubmit(ctx: OpContext, cell: CellRow): Promise<void> {
  let ans: Submitted
  // A wave starts many POSTs at once; each request costs the host some work before it leaves.
  await ctx.turn()
  if (ctx.stopped.aborted) {
    // Stopping while this POST waited for its turn: nothing was sent, so the cell may be sent again later.
    ctx.commit(cell.id, { type: 'submit_not_created', at: ctx.now() })
    return
  }
  try {
    ans = await ctx.client.submit(cell.params)
  } catch (e) {
    submitFailed(ctx, cell, asAppError(e), 'submit')
    return
  }
  await ctx.turn()
  ctx.log.info('job created', { cellId: cell.id, requestId: ans.requestId })
  heard(ctx, ans.rate)
  ctx.submitSucceeded()
  const at = ctx.now()
  const event: CellEvent = {
    type: 'submitted',
    at,
    requestId: ans.requestId,
    statusUrl: ans.statusUrl,
    responseUrl: ans.responseUrl,
    nextCheckAt: ctx.planCheck({ ...cell, submittedAt: at, polls: 0 }, at),
  }
  const out = await commitUntilLanded(ctx, cell.id, event, { request: { endpoint: 'submit', failed: false } })
  if (!out.landed) {
    // Only on stop with the database still refusing: the cell becomes unknown at the next start; the log keeps the id.
    ctx.log.error('a billed job could not be recorded', { cellId: cell.id, requestId: ans.requestId })
  }
}

function submitFailed(ctx: OpContext, cell: CellRow, err: AppError, endpoint: Endpoint): void {
  const at = ctx.now()
  const request = { endpoint, failed: true }
  const outcome = classifySubmitError(err)
  const unreachable = unreachableCause(err)
  if (err.status !== undefined) ctx.reachedApi()
  ctx.log.info('submit failed', { cellId: cell.id, kind: err.kind, status: err.status, outcome: outcome.kind })
  switch (outcome.kind) {
    case 'pause':
      ctx.commit(cell.id, { type: 'submit_not_created', at, error: toErrorData(err) }, { request })
      ctx.pauseQueue(outcome.reason)
      return
    case 'rate_limited':
      ctx.budget.onRateLimited(err.resetAt)
      ctx.commit(cell.id, { type: 'submit_not_created', at }, { request })
      return
    case 'retry_later':
      ctx.deferSubmits()
      ctx.commit(cell.id, { type: 'submit_not_created', at, error: toErrorData(err) }, { request })
      if (unreachable !== null) ctx.submitUnreachable(cell, unreachable)
      return
    case 'rejected':
      ctx.commit(cell.id, { type: 'submit_rejected', at, error: toErrorData(err) }, { request })
      return
    case 'unknown':
      ctx.commit(
        cell.id,
        { type: 'submit_unknown', at, error: { ...toErrorData(err), message: unknownSubmitMessage(err) } },
        { request },
      )
      return
  }
}

/** One status check of a queued or processing job. */
export async function sendPoll(ctx: OpContext, cell: CellRow, signal: AbortSignal): Promise<void> {
  const request = { endpoint: 'status' as const, failed: false }
  await ctx.turn()
  try {
    const ans = await ctx.client.status(cell.statusUrl!, { signal })
    await ctx.turn()
    heard(ctx, ans.rate)
    ctx.notFound.clear(cell.id)
    const at = ctx.now()
    if (ans.status === 'COMPLETED') {
      ctx.learn(cell, undefined, at)
      const completed: CellEvent = { type: 'completed', at, metrics: ans.metrics }
      // Straight on to the result and the image, committed together, when the budget has a request for it now.
      // waitMs first: a refused take would read as the budget binding (planner.ts), and this is only an offer.
      const getsCount = ctx.settings().getsCountTowardRpm
      const chain =
        !signal.aborted && ctx.budget.isOpen() && (!getsCount || (ctx.budget.waitMs() === 0 && ctx.budget.tryTake()))
      if (chain) {
        await fetchAfterCompleted(ctx, cell, completed, request, signal)
        return
      }
      ctx.commit(cell.id, completed, { request })
    } else if (ans.status === 'FAILED') {
      ctx.commit(
        cell.id,
        { type: 'job_failed', at, error: jobFailure(ans.error, ans.contentBlocked), metrics: ans.metrics },
        { request },
      )
    } else {
      const nextCheckAt = ctx.planCheck({ ...cell, polls: cell.polls + 1 }, at)
      ctx.commit(cell.id, { type: 'status', at, status: ans.status, nextCheckAt }, { request })
    }
  } catch (e) {
    getFailed(ctx, cell, asAppError(e), 'status', MAX_GET_FAILURES, signal)
  }
}

/** v1 sync: one blocking request per image; the answer is the image itself. */
export async function sendSync(ctx: OpContext, cell: CellRow): Promise<void> {
  let ans: SyncAnswer
  await ctx.turn()
  try {
    ans = await ctx.client.runSync(cell.params)
  } catch (e) {
    submitFailed(ctx, cell, asAppError(e), 'sync')
    return
  }
  await ctx.turn()
  heard(ctx, ans.rate)
  ctx.submitSucceeded()
  const request = { endpoint: 'sync' as const, failed: false }
  let checked: ImageFacts
  let written: WrittenImage
  const syncImageId = ctx.newId()
  try {
    const facts = {
      imageId: syncImageId,
      seed: ans.seed ?? cell.params.seed ?? null,
      at: ctx.now(),
      requestId: ans.requestId,
    }
    const meta = cellImageMetadata(ctx.db, cell, facts)
    const job = {
      home: ctx.home,
      batchId: cell.batchId,
      cellId: cell.id,
      attempt: cell.attempts,
      meta,
      bytes: ans.bytes,
    }
    // Bytes kept (copied, not moved): a sync answer cannot be fetched again if the worker dies.
    const saved = await imageWork().run(job, { keepBytes: true, log: ctx.log })
    checked = saved.image
    written = saved.written
  } catch (e) {
    // Billed but unusable, and a sync answer cannot be fetched again: the user decides whether to pay again.
    const err = isLibraryFault(e) ? libraryWriteError(ctx.home, e) : asAppError(e, 'download')
    if (err.kind === 'library') ctx.pauseQueue({ kind: 'library', message: err.message })
    ctx.commit(cell.id, { type: 'sync_unusable', at: ctx.now(), error: toErrorData(err) }, { request })
    return
  }
  const at = ctx.now()
  const cost = ans.cost ?? ctx.settings().pricePerImage
  const metrics: Metrics = { cost }
  if (ans.generationSeconds !== undefined) metrics.inference_time = ans.generationSeconds
  if (ans.remainingCredits !== undefined) metrics.remaining_credits = ans.remainingCredits
  const facts = { id: syncImageId, cost, seed: ans.seed ?? cell.params.seed ?? null, at, requestId: ans.requestId }
  const out = await commitUntilLanded(
    ctx,
    cell.id,
    { type: 'saved', at, cost, metrics },
    { request, within: (c) => insertImageRow(ctx.db, c, checked, written, facts) },
    SYNC_ROW_TRIES,
  )
  if (out.landed) {
    if (out.cell) ctx.noteSaved(cell, at)
    return
  }
  // The image is on disk, whole, named for this attempt: the next start's scan adopts it. Until then the cell
  // must not look like a failure worth paying again for, nor hold a concurrency slot.
  const err = asAppError(out.error, 'io')
  const message =
    `This image was made (and billed) and is saved in the library folder, but its record could not be written ` +
    `(${err.message}). It is picked up at the next start; retrying would pay for a new one.`
  try {
    ctx.commit(cell.id, { type: 'submit_unknown', at: ctx.now(), error: { ...toErrorData(err), message } })
  } catch (e) {
    ctx.log.error('a sync image on disk could not be recorded', {
      cellId: cell.id,
      file: written.path,
      error: String(e),
    })
  }
}

export function jobFailure(reason: string | undefined, contentBlocked: boolean | undefined): AppErrorData {
  return {
    kind: contentBlocked ? 'content_blocked' : 'failed',
    message: contentBlocked
      ? `Segmind blocked this image: ${reason ?? 'content policy'}`
      : `The generation failed on Segmind: ${reason ?? 'no reason given'}`,
    ...(reason !== undefined ? { detail: reason } : {}),
  }
}

export function getFailed(
  ctx: OpContext,
  cell: CellRow,
  err: AppError,
  endpoint: Endpoint,
  maxFailures: number,
  signal: AbortSignal,
): void {
  if (signal.aborted) return
  // Any HTTP answer (a 5xx, a 404) proves the API host is reachable.
  if (err.status !== undefined && endpoint !== 'download') ctx.reachedApi()
  const at = ctx.now()
  const classified = classifyGetError(err)
  // A 404 on the image URL is not the 1 h request expiry (the file lives 7 days): just another failed try.
  const outcome = endpoint === 'download' && classified.kind === 'expired' ? ({ kind: 'retry' } as const) : classified
  const request = { endpoint, failed: true }
  const data = toErrorData(err)
  switch (outcome.kind) {
    case 'closing':
      return
    case 'rate_limited':
      ctx.budget.onRateLimited(err.resetAt)
      ctx.commit(cell.id, { type: 'get_failed', at, error: data, nextCheckAt: at, countsAsFailure: false }, { request })
      return
    case 'expired':
      notFoundAnswer(ctx, cell, err, endpoint, at)
      return
    case 'halt':
      ctx.pauseQueue(outcome.reason)
      ctx.commit(cell.id, { type: 'get_failed', at, error: data, nextCheckAt: at, countsAsFailure: false }, { request })
      return
    case 'job_failed':
      ctx.commit(
        cell.id,
        { type: 'job_failed', at, error: jobFailure(err.detail ?? err.message, err.kind === 'content_blocked') },
        { request },
      )
      return
    case 'retry': {
      const failures = cell.failures + 1
      ctx.log.debug('request failed, will retry', { cellId: cell.id, endpoint, kind: err.kind, failures })
      // A download cut by an outage (a reset mid-body reads as truncated) is no reason to give up on a paid image
      // either: retryable download failures are retried like an outage, for as long as the job is kept.
      const outage = isOutage(err) || (endpoint === 'download' && err.retryable === true)
      const keptUntil = outage ? ctx.jobKeptUntil(cell) : null
      if (keptUntil !== null) {
        outageFailure(ctx, cell, { err, endpoint, failures, keptUntil, at })
      } else if (failures >= maxFailures) {
        const message = `Gave up after ${failures} failed tries (${err.message}). The job is kept: retry resumes it without paying again.`
        ctx.commit(cell.id, { type: 'give_up', at, error: { ...data, message } }, { request })
      } else {
        ctx.commit(
          cell.id,
          { type: 'get_failed', at, error: data, nextCheckAt: at + ctx.backoffMs(failures), countsAsFailure: true },
          { request },
        )
      }
    }
  }
}

/**
 * GETs are safe to repeat, so an outage never abandons a live job: it is tried again (capped backoff) until
 * Segmind forgets it. Then the request record is gone (the job expired); an image URL outlives it (7 days), so a
 * download gives up instead, and the user's retry fetches it later.
 */
function outageFailure(
  ctx: OpContext,
  cell: CellRow,
  f: { err: AppError; endpoint: Endpoint; failures: number; keptUntil: number; at: number },
): void {
  const request = { endpoint: f.endpoint, failed: true }
  const data = toErrorData(f.err)
  if (f.at < f.keptUntil) {
    const nextCheckAt = Math.min(f.at + ctx.backoffMs(f.failures), f.keptUntil)
    ctx.commit(cell.id, { type: 'get_failed', at: f.at, error: data, nextCheckAt, countsAsFailure: true }, { request })
  } else if (f.endpoint === 'download') {
    const message = `Could not download the image (${f.err.message}). The image is kept for days: retry fetches it without paying again.`
    ctx.commit(cell.id, { type: 'give_up', at: f.at, error: { ...data, message } }, { request })
  } else {
    const message = `Segmind could not be reached before it forgot this job (results are kept for one hour; last error: ${f.err.message}). Retry to generate it again.`
    ctx.commit(cell.id, { type: 'not_found', at: f.at, error: { ...data, kind: 'expired', message } }, { request })
  }
}
