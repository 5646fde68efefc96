import { toErrorData, type AppError, type AppErrorData } from '@shared/errors'
import type { Endpoint } from '../cloud/types'
import type { CellRow } from '../db/cells'
import { isLibraryFault, libraryWriteError, probeLibrary } from '../library/library-faults'
import { judgeNotFound, notFoundWaitMessage, vanishedMessage } from './not-found'
import type { Carried } from './commit'
import type { OpContext } from './operations'

/** How an operation answers the two faults that must never cost a paid image: a 404 and a disk that refuses it. */
/** A 404 on status or result: judged by not-found.ts (retention, then a streak spanning minutes), never at once. */
export function notFoundAnswer(ctx: OpContext, cell: CellRow, err: AppError, endpoint: Endpoint, at: number): void {
  const request = { endpoint, failed: true }
  const data = toErrorData(err)
  const streak = ctx.notFound.add(cell.id, at)
  const keptUntil = ctx.jobKeptUntil(cell)
  const verdict = judgeNotFound({ at, keptUntil, streak, unitMs: ctx.unitMs, jitter: ctx.random() })
  if (verdict.kind === 'wait') {
    ctx.log.info('404 on a job younger than its retention; checking again', {
      cellId: cell.id,
      answers: streak.answers,
    })
    const error = { ...data, message: notFoundWaitMessage(streak) }
    ctx.commit(
      cell.id,
      { type: 'get_failed', at, error, nextCheckAt: verdict.nextCheckAt, countsAsFailure: false },
      { request },
    )
    return
  }
  ctx.notFound.clear(cell.id)
  const error: AppErrorData =
    verdict.kind === 'vanished'
      ? {
          ...data,
          kind: 'vanished',
          message: vanishedMessage({ at, submittedAt: cell.submittedAt ?? at, streak, unitMs: ctx.unitMs }),
        }
      : {
          ...data,
          kind: 'expired',
          message: 'Segmind no longer knows this job (results are kept for one hour). Retry to generate it again.',
        }
  ctx.log.warn('job gone on Segmind', { cellId: cell.id, kind: error.kind, answers: streak.answers })
  ctx.commit(cell.id, { type: 'not_found', at, error }, { request })
}

/**
 * The image came back but the library cannot take it. Pause first (synchronously, so the slot this cell frees
 * cannot start another submit), then stop this cell with its output URL kept: resume (or `soul-batch resume`)
 * fetches it again from that URL, never re-POSTing (transition.ts `retry` of a failed cell that holds its job).
 */
function libraryFault(ctx: OpContext, cell: CellRow, e: unknown, carried?: Carried): void {
  const err = libraryWriteError(ctx.home, e)
  ctx.log.error('image could not be written to the library', { cellId: cell.id, code: err.detail })
  ctx.pauseQueue({ kind: 'library', message: err.message })
  ctx.commit(
    cell.id,
    { type: 'give_up', at: ctx.now(), error: toErrorData(err) },
    { request: { endpoint: 'download', failed: false }, carried },
  )
}

/**
 * Writes a fetched image; on a disk fault, pauses and keeps the cell's URL (libraryFault) and answers null. A
 * write that failed while the folder was being put back (it looks fine now) gets one more try first, so a fault
 * already fixed does not pause the queue again. Other errors go to the caller (a damaged image, say).
 */
export async function writeOrPause<T>(
  ctx: OpContext,
  cell: CellRow,
  write: () => Promise<T>,
  /** Arrows of this operation not committed yet: they land with the pause's arrow. */
  carried?: () => Carried | undefined,
): Promise<T | null> {
  let fault: unknown
  try {
    return await write()
  } catch (e) {
    if (!isLibraryFault(e)) throw e
    fault = e
  }
  if (probeLibrary(ctx.home) === null) {
    try {
      return await write()
    } catch (e) {
      if (!isLibraryFault(e)) throw e
      fault = e
    }
  }
  libraryFault(ctx, cell, fault, carried?.())
  return null
}
