import type { CellState } from '@shared/domain'
import { setBatchStatus } from './db/batches'
import { noteCommit } from './db/checkpointer'
import { setSynchronous, sql, type Db } from './db/connection'
import { yieldToLoop } from './batch-creation'

/** Cells moved from pending to cancelled per transaction: ~10-20 ms of the host's thread each. */
export const CANCEL_SLICE = 1000

/**
 * The pending → cancelled arrow (transition.ts `cancel`) for up to `limit` of a batch's pending cells at once, in
 * grid order, as one statement on the (batch_id, state, ord) index; the count triggers keep the batch's counts.
 * Returns how many cells it moved.
 */
export function cancelPendingSlice(db: Db, batchId: string, at: number, limit = CANCEL_SLICE): number {
  return sql(
    db,
    `UPDATE cells SET state = 'cancelled', next_check_at = NULL, updated_at = ?, rev = rev + 1
       WHERE id IN (SELECT id FROM cells WHERE batch_id = ? AND state = 'pending' ORDER BY ord LIMIT ?)`,
  ).run(at, batchId, limit).changes
}

/**
 * Cancels a batch without holding the host's event loop: the batch's status first, durably (from then on none of
 * its cells is submitted: only active batches are), then its pending cells in slices with a turn of the loop
 * between them. Cells on the server are left to finish (their images are paid for already). Cancelling 10 000
 * pending cells one arrow at a time held the loop 1.7 s (100 000: 19 s).
 *
 * A crash between two slices leaves pending cells in a cancelled batch, which nothing would ever run:
 * `finishInterruptedCancels` completes them at the next start.
 */
export async function cancelBatchInSlices(
  db: Db,
  batchId: string,
  at: number,
  onSlice: () => void = () => {},
): Promise<number> {
  // Durable before anything else (the cancel decides that no more POSTs leave for this batch).
  setSynchronous(db, 'FULL')
  db.transaction(() => setBatchStatus(db, batchId, 'cancelled', at))()
  return cancelPendingInSlices(db, batchId, at, onSlice)
}

/** Per library, per batch: the bulk action running now, which the next one waits for. */
const running = new WeakMap<Db, Map<string, Promise<void>>>()

/**
 * Runs the user's actions on one batch's cells (cancel, retry failed, resume all, resolve unknown, retry a cell)
 * one after another. Each works in slices with turns of the loop between them, so without this a Cancel clicked
 * while Resume all was still going would be undone by its next slice (a retry reactivates a cancelled batch),
 * and cells the user cancelled would be submitted and billed. In one process (one core per library) this is
 * the whole order: the later action starts when the earlier one ended, as when each was one transaction.
 */
export function oneAtATime<T>(db: Db, batchId: string, action: () => Promise<T> | T): Promise<T> {
  let perDb = running.get(db)
  if (!perDb) running.set(db, (perDb = new Map()))
  const runs = perDb
  const run = (runs.get(batchId) ?? Promise.resolve()).then(action)
  const settled = run.then(
    () => {},
    () => {},
  )
  runs.set(batchId, settled)
  void settled.then(() => {
    if (runs.get(batchId) === settled) runs.delete(batchId)
  })
  return run
}

async function cancelPendingInSlices(db: Db, batchId: string, at: number, onSlice: () => void): Promise<number> {
  let cancelled = 0
  for (;;) {
    // The batch's status is durable already: a slice lost to a power cut is redone at the next start, so the
    // slices skip the fsync on this thread.
    setSynchronous(db, 'NORMAL')
    let n: number
    try {
      n = db.transaction(() => {
        // A retry that is not the user's (a library fault's re-fetch) may have reactivated the batch between two
        // slices: its own cell is fetched either way, but no pending cell of a cancelled batch may be submitted.
        sql(db, `UPDATE batches SET status = 'cancelled' WHERE id = ? AND status = 'active'`).run(batchId)
        return cancelPendingSlice(db, batchId, at)
      })()
    } finally {
      setSynchronous(db, 'FULL')
    }
    noteCommit(db)
    cancelled += n
    if (n < CANCEL_SLICE) return cancelled
    onSlice()
    await yieldToLoop()
  }
}

/** At start: pending cells left in cancelled batches by a cancel that a crash cut short become cancelled too. */
export async function finishInterruptedCancels(db: Db, at: number): Promise<number> {
  const batches = sql(
    db,
    `SELECT b.id FROM batches b WHERE b.status = 'cancelled'
       AND EXISTS (SELECT 1 FROM cells c WHERE c.batch_id = b.id AND c.state = 'pending')`,
  ).all() as { id: string }[]
  let n = 0
  for (const b of batches) n += await cancelPendingInSlices(db, b.id, at, () => {})
  return n
}

/** Cells given an arrow per transaction by commitArrowsInSlices. */
export const ARROW_SLICE = 500

/**
 * Commits an arrow (a retry, a cancel: `arrow` commits it and says whether it landed) for each of a batch's cells
 * in the given states, a slice per transaction with a turn of the loop between slices: "Retry failed" or "Resume
 * all" on 10 000 cells, one arrow at a time in one transaction, held the host's loop ~1.7 s. Each slice is
 * committed with synchronous=FULL, as these arrows decide whether POSTs leave. Cells are read in grid order on the
 * (batch_id, state, ord) index, one state at a time (no sort), moving past cells whose arrow was refused or skipped.
 */
export async function commitArrowsInSlices(
  db: Db,
  batchId: string,
  states: readonly CellState[],
  arrow: (cellId: string) => boolean,
  opts: { skip?: ReadonlySet<string>; onSlice?: () => void; slice?: number } = {},
): Promise<number> {
  const slice = opts.slice ?? ARROW_SLICE
  let landed = 0
  for (const state of states) {
    let after = -1
    for (;;) {
      const rows = sql(
        db,
        `SELECT id, ord FROM cells WHERE batch_id = ? AND state = ? AND ord > ? ORDER BY ord LIMIT ?`,
      ).all(batchId, state, after, slice) as { id: string; ord: number }[]
      if (rows.length === 0) break
      setSynchronous(db, 'FULL')
      landed += db.transaction(() => {
        let n = 0
        for (const r of rows) if (!opts.skip?.has(r.id) && arrow(r.id)) n++
        return n
      })()
      noteCommit(db)
      after = rows.at(-1)!.ord
      opts.onSlice?.()
      await yieldToLoop()
    }
  }
  return landed
}
