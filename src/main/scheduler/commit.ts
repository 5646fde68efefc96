import { isTerminal, type CellState } from '@shared/domain'
import type { Endpoint } from '../cloud/types'
import { setSynchronous, type Db } from '../db/connection'
import { countCellsIn, getBatchStatus, setBatchStatus } from '../db/batches'
import { getCell, updateCell, type CellChanges, type CellRow } from '../db/cells'
import { countRequest } from '../db/request-counts'
import { dbStats } from '../db/stats'
import { inTransaction } from '../db/transaction'
import type { ScopedLogger } from '../log'
import { transition, type CellEvent } from './transition'

export interface CommitDeps {
  db: Db
  log: ScopedLogger
  onChange(cell: CellRow): void
  /**
   * Present when durability comes from an fsync of the WAL off the host's thread (db/wal-sync.ts): every commit
   * then skips the fsync, and the arrows in SYNCED ask for one right after. Absent: those arrows commit with FULL.
   */
  durable?: { available(): boolean; request(): void }
}

/** A request counted with the arrow its answer made. */
export interface CountedRequest {
  endpoint: Endpoint
  failed: boolean
}

/**
 * Arrows of one cell that happened but were not committed yet, because more followed at once in the same
 * operation (a status check that saw COMPLETED, then the result, then the image): they land together with the
 * last one, in one transaction. Only arrows whose loss costs a repeated GET at most may be carried.
 */
export interface Carried {
  events: CellEvent[]
  requests: CountedRequest[]
}

export interface CommitExtra {
  /** The request whose answer this is, counted in the same transaction. */
  request?: CountedRequest
  /** Earlier arrows applied first, in the same transaction; the commit is refused when any of them is. */
  carried?: Carried
  /** More writes that must land with the transition (the image row, the batch's spend). */
  within?: (cell: CellRow) => void
}

/**
 * One arrow of a cell's life = one committed transaction: the transition, its request count, any rows that
 * belong with it, and the batch's status when its last cell settles (or a settled batch gets work again).
 * Returns the cell as committed, or null when the arrow does not exist (the cell moved on meanwhile).
 */
export function commitCellEvent(
  deps: CommitDeps,
  cellId: string,
  event: CellEvent,
  extra: CommitExtra = {},
): CellRow | null {
  const synced = SYNCED.has(event.type)
  const outer = !deps.db.inTransaction
  const offThread = deps.durable?.available() === true
  const relaxed = outer && (!synced || offThread)
  const run = (): CellRow | null => {
    const cell = getCell(deps.db, cellId)
    for (const r of extra.carried?.requests ?? []) countRequest(deps.db, cell?.batchId ?? '', r.endpoint, r.failed)
    if (extra.request) countRequest(deps.db, cell?.batchId ?? '', extra.request.endpoint, extra.request.failed)
    if (!cell) return null
    let next: CellRow = cell
    let changes: CellChanges = {}
    for (const e of [...(extra.carried?.events ?? []), event]) {
      const res = transition(next, inContext(deps.db, next, e))
      if (!res.ok) {
        deps.log.debug('transition refused', { cellId, event: e.type, reason: res.reason })
        return null
      }
      changes = { ...changes, ...res.changes }
      next = { ...next, ...res.changes }
    }
    updateCell(deps.db, cellId, changes)
    extra.within?.(next)
    settleBatch(deps.db, next, event)
    return next
  }
  if (relaxed) setSynchronous(deps.db, 'NORMAL')
  else if (outer) {
    // An earlier arrow may have left the connection at NORMAL: this one must wait for the disk.
    setSynchronous(deps.db, 'FULL')
    dbStats.syncedCommits++
  }
  const next = inTransaction(deps.db, run)
  // Inside an outer transaction (a submit wave) whoever commits that one asks for durability.
  if (synced && offThread && outer) deps.durable?.request()
  if (next) deps.onChange(next)
  return next
}

/** Facts an arrow depends on beyond the cell, read inside the arrow's own transaction. */
function inContext(db: Db, cell: CellRow, event: CellEvent): CellEvent {
  if (event.type !== 'submit_not_created') return event
  return { ...event, batchCancelled: getBatchStatus(db, cell.batchId) === 'cancelled' }
}

/**
 * Arrows that protect money are made durable before we act on them (an fsync of the WAL off the host's thread,
 * or synchronous=FULL without one): `submitting` before a POST, the
 * request id after it, an unknown outcome, a proven "no job" that allows a re-send, and the user's cancel and
 * retry, which decide whether a POST leaves. Every other arrow may skip the fsync: losing one to a power cut costs
 * a repeated GET at most (a job is polled or fetched again; a written image is adopted from its file on start).
 * A synced commit also makes every earlier one durable (the WAL is one sequence), and an app crash loses nothing
 * either way: committed pages are in the OS already.
 */
const SYNCED = new Set<CellEvent['type']>([
  'submit',
  'submitted',
  'submit_unknown',
  'submit_not_created',
  'cancel',
  'retry',
  'recover',
])

const OPEN_STATES: readonly CellState[] = ['pending', 'submitting', 'queued', 'processing', 'fetching']

/** O(1) in the batch's size: its status and the trigger-kept counts, never its matrix or its cells. */
function settleBatch(db: Db, cell: CellRow, event: CellEvent): void {
  const terminal = isTerminal(cell.state)
  // Most arrows move a cell along its life and cannot change its batch's status: no read for them.
  if (!terminal && event.type !== 'retry') return
  const at = event.at
  const status = getBatchStatus(db, cell.batchId)
  if (!status) return
  if (terminal) {
    if (status !== 'active' && status !== 'paused') return
    if (countCellsIn(db, cell.batchId, OPEN_STATES) === 0) setBatchStatus(db, cell.batchId, 'done', at)
  } else if (event.type === 'retry' && (status === 'done' || status === 'cancelled')) {
    setBatchStatus(db, cell.batchId, 'active', at)
  }
}
