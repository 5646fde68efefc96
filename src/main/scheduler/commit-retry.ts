import { setTimeout as sleep } from 'node:timers/promises'
import type { CellRow } from '../db/cells'
import type { ScopedLogger } from '../log'
import type { CommitExtra } from './commit'
import type { CellEvent } from './transition'

export interface CommitRetryDeps {
  log: ScopedLogger
  commit(cellId: string, event: CellEvent, extra?: CommitExtra): CellRow | null
  /** Wait before the n-th retry. */
  backoffMs(failures: number): number
  /** Aborted when the scheduler stops: waits end at once, and one last try is made. */
  stopped: AbortSignal
}

export type CommitOutcome =
  /** The database took the transaction; `cell` is null when the arrow was refused (the cell moved on). */
  { landed: true; cell: CellRow | null } | { landed: false; error: unknown }

/**
 * Commits an arrow whose facts live nowhere else yet (the request id of a job just created, an image just paid
 * for) until the database takes it. A write error (SQLITE_BUSY, SQLITE_FULL, SQLITE_IOERR) is usually passing,
 * and treating it as a failed request would forget a billed job. Tries at most `maxTries` times (default: until
 * it lands), and stops after the try that follows the scheduler's stop.
 */
export async function commitUntilLanded(
  deps: CommitRetryDeps,
  cellId: string,
  event: CellEvent,
  extra: CommitExtra = {},
  maxTries = Number.POSITIVE_INFINITY,
): Promise<CommitOutcome> {
  for (let tries = 1; ; tries++) {
    const stoppedBefore = deps.stopped.aborted
    try {
      return { landed: true, cell: deps.commit(cellId, event, extra) }
    } catch (e) {
      const last = tries >= maxTries || stoppedBefore
      const data = { cellId, event: event.type, tries, error: String(e) }
      if (last) deps.log.error('could not record an answer; gave up', data)
      else deps.log.warn('could not record an answer; will try again', data)
      if (last) return { landed: false, error: e }
      await sleep(Math.max(1, deps.backoffMs(tries)), undefined, { signal: deps.stopped }).catch(() => undefined)
    }
  }
}
