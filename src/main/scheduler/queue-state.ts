import type { PauseReason, QueueStatus, Settings } from '@shared/contracts'
import { countInFlight, countPendingRunnable, hasOpenWork } from '../db/cells'
import type { Db } from '../db/connection'
import type { RequestBudget } from './budget'
import type { RequestTally } from './request-tally'

export const USER_PAUSE: PauseReason = {
  kind: 'user',
  message: 'Paused. Cells already on the server finish; nothing new is submitted.',
}

/**
 * Problems that would fail every request alike, polls included: all traffic stops until the user resumes. Not an
 * unreachable host (`network`): polls of jobs already sent go on through it (with backoff) and submits resume by
 * themselves once the host answers; not a `library` fault either: jobs already paid for are still collected.
 */
const HALT_KINDS = new Set<PauseReason['kind']>(['auth', 'forbidden'])

export function isHalted(reason: PauseReason | null): boolean {
  return reason !== null && HALT_KINDS.has(reason.kind)
}

/** With no operation under way: whether the queue has nothing left it would do by itself. */
export function queueIdle(db: Db, reason: PauseReason | null): boolean {
  if (isHalted(reason)) return true
  const open = hasOpenWork(db)
  if (open.onServer) return false
  // A hold for an outage ends by itself: cells waiting on it are work still to do, not a stop.
  if (reason?.kind === 'network') return !open.runnablePending
  return reason !== null || !open.runnablePending
}

/** What the top bar shows: the queue's hold, its counts from the database, and the request budget as it stands. */
export function queueStatus(
  db: Db,
  s: Settings,
  reason: PauseReason | null,
  budget: RequestBudget,
  requests: RequestTally,
): QueueStatus {
  return {
    paused: reason !== null,
    reason,
    inFlight: countInFlight(db),
    pending: countPendingRunnable(db),
    rpm: s.rpm,
    effectiveRpm: Math.round(budget.effectiveRpm * 100) / 100,
    concurrency: s.concurrency,
    rateLimitedUntil: budget.rateLimitedUntil,
    requests: requests.snapshot(),
  }
}
