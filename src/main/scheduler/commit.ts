import { isTerminal } from '@shared/domain'
import type { Endpoint } from '../cloud/types'
import { sql, type Db } from '../db/connection'
import { getBatch, setBatchStatus } from '../db/batches'
import { getCell, updateCell, type CellRow } from '../db/cells'
import { countRequest } from '../db/request-counts'
import type { ScopedLogger } from '../log'
import { transition, type CellEvent } from './transition'

export interface CommitDeps {
  db: Db
  log: ScopedLogger
  onChange(cell: CellRow): void
}

export interface CommitExtra {
  /** The request whose answer this is, counted in the same transaction. */
  request?: { endpoint: Endpoint; failed: boolean }
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
  const relaxed = RELAXED.has(event.type) && !deps.db.inTransaction
  const run = deps.db.transaction((): CellRow | null => {
    if (extra.request) {
      const batchId = getCell(deps.db, cellId)?.batchId ?? ''
      countRequest(deps.db, batchId, extra.request.endpoint, extra.request.failed)
    }
    const cell = getCell(deps.db, cellId)
    if (!cell) return null
    const res = transition(cell, inContext(deps.db, cell, event))
    if (!res.ok) {
      deps.log.debug('transition refused', { cellId, event: event.type, reason: res.reason })
      return null
    }
    updateCell(deps.db, cellId, res.changes)
    const next: CellRow = { ...cell, ...res.changes }
    extra.within?.(next)
    settleBatch(deps.db, next, event)
    return next
  })
  if (relaxed) deps.db.pragma('synchronous = NORMAL')
  let next: CellRow | null
  try {
    next = run()
  } finally {
    if (relaxed) deps.db.pragma('synchronous = FULL')
  }
  if (next) deps.onChange(next)
  return next
}

/** Facts an arrow depends on beyond the cell, read inside the arrow's own transaction. */
function inContext(db: Db, cell: CellRow, event: CellEvent): CellEvent {
  if (event.type !== 'submit_not_created') return event
  return { ...event, batchCancelled: getBatch(db, cell.batchId)?.status === 'cancelled' }
}

/**
 * Arrows that may skip the fsync: losing one to a power cut costs a repeated GET at most (the job is polled or
 * fetched again, a written image is adopted). Everything else — above all `submitting` before a POST and the
 * request id after it — is synced before we act on it, and a synced commit also makes every earlier one durable
 * (the WAL is one sequence). An app crash loses nothing either way: committed pages are in the OS already.
 */
const RELAXED = new Set<CellEvent['type']>(['status', 'completed', 'result', 'get_failed'])

const OPEN_STATES = "('pending', 'submitting', 'queued', 'processing', 'fetching')"

function settleBatch(db: Db, cell: CellRow, event: CellEvent): void {
  const at = event.at
  const batch = getBatch(db, cell.batchId)
  if (!batch) return
  if (isTerminal(cell.state)) {
    if (batch.status !== 'active' && batch.status !== 'paused') return
    const open = sql(db, `SELECT EXISTS (SELECT 1 FROM cells WHERE batch_id = ? AND state IN ${OPEN_STATES}) AS n`).get(
      cell.batchId,
    ) as {
      n: number
    }
    if (open.n === 0) setBatchStatus(db, cell.batchId, 'done', at)
  } else if (event.type === 'retry' && (batch.status === 'done' || batch.status === 'cancelled')) {
    setBatchStatus(db, cell.batchId, 'active', at)
  }
}
