import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Matrix } from '@shared/domain'
import { canonicalJsonPieces, Fnv1a64, iterateMatrix, type CellSpec, type Rng } from '@shared/domain/matrix'
import { discardBatchCreation, finishBatchCreation, insertBatch } from './db/batches'
import { insertCells, type NewCell } from './db/cells'
import { noteCommit } from './db/checkpointer'
import { setSynchronous, sql, type Db } from './db/connection'
import { WalSync } from './db/wal-sync'

/**
 * How long one slice of inserts may run before it commits and lets other calls in. The commit that follows writes
 * the slice's pages to the WAL (about as long again for cells and their indexes), so this is ~half of what a slice
 * may hold the loop.
 */
export const SLICE_BUDGET_MS = 12
/** Cells built and inserted between two clock checks. */
const CELLS_PER_CHECK = 50

export interface NewBatch {
  batchId: string
  name: string
  matrix: Matrix
  /** The cell count, known beforehand (arithmetic, checked against the limit). */
  total: number
  at: number
  random: Rng
  /** The batch's own spending limit in dollars (issue 10); null or absent: none. */
  budgetCap?: number | null
}

/** Lets the event loop serve whatever waited (other calls, timers, sockets) between two slices. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Writes a batch and its cells without holding the event loop for long: the batch row goes in first marked
 * `creating` (invisible and never run), the cells follow in committed slices of at most SLICE_BUDGET_MS with a
 * yield between them, and one last transaction makes the batch visible and active. A failure part-way removes
 * the half batch; a crash part-way leaves a `creating` row that the next start removes. No transaction spans
 * an await.
 */
export async function createBatchInSlices(
  db: Db,
  b: NewBatch,
  pause: () => Promise<void> = yieldToLoop,
): Promise<void> {
  // The request's validation may have ended this turn; the fingerprint (hashed in slices) and the row (the matrix
  // as JSON, ~300 KB for 10 000 prompts) get turns of their own.
  // Plain yields, not `pause` (a caller's pause runs between slices of cells).
  await yieldToLoop()
  const fingerprint = await fingerprintInSlices(b.matrix)
  await yieldToLoop()
  // A `creating` row need not survive a power cut either (see the slices below): no fsync on this thread.
  setSynchronous(db, 'NORMAL')
  try {
    insertCreatingRow(db, b, fingerprint)
  } finally {
    setSynchronous(db, 'FULL')
  }
  try {
    await yieldToLoop()
    const specs = iterateMatrix(b.matrix, b.random)
    let ord = 0
    let done = false
    const insertSlice = db.transaction(() => {
      const started = performance.now()
      while (performance.now() - started < SLICE_BUDGET_MS) {
        const chunk: NewCell[] = []
        for (let i = 0; i < CELLS_PER_CHECK; i++) {
          const next = specs.next()
          if (next.done) {
            done = true
            break
          }
          chunk.push(newCell(b.batchId, ord++, next.value))
        }
        insertCells(db, chunk, b.at)
        if (done) return
      }
    })
    for (;;) {
      // Cells of a `creating` batch need not survive a power cut (the next start removes the batch anyway),
      // so their slices skip the fsync; the last step, which makes the batch real, is made durable.
      setSynchronous(db, 'NORMAL')
      try {
        insertSlice()
      } finally {
        setSynchronous(db, 'FULL')
      }
      noteCommit(db)
      if (done) break
      await pause()
    }
  } catch (e) {
    await discardInSlices(db, b.batchId, pause)
    throw e
  }
  // Outside the try: once this commits, the batch is real and is never discarded as half-written.
  await finishDurably(db, b.batchId)
}

/**
 * matrixFingerprint, hashed piece by piece with a yield whenever a slice's time is up: for a 10 000-row matrix the
 * canonical JSON and its hash took ~25 ms in one step (plus the GC of the ~300 KB text), the longest step left in
 * creating a batch from a big CSV.
 */
export async function fingerprintInSlices(matrix: Matrix): Promise<string> {
  const hash = new Fnv1a64()
  let started = performance.now()
  for (const piece of canonicalJsonPieces(matrix)) {
    hash.update(piece)
    if (performance.now() - started >= SLICE_BUDGET_MS) {
      await yieldToLoop()
      started = performance.now()
    }
  }
  return hash.digest()
}

/**
 * The step that makes the batch real, durable before the caller hears "created": committed without an fsync on
 * this thread, then the WAL synced on the thread pool (db/wal-sync.ts); with no WAL to sync, a FULL commit.
 */
async function finishDurably(db: Db, batchId: string): Promise<void> {
  const wal = WalSync.of(db)
  if (!wal) {
    finishBatchCreation(db, batchId, 'active')
    return
  }
  setSynchronous(db, 'NORMAL')
  try {
    finishBatchCreation(db, batchId, 'active')
  } finally {
    setSynchronous(db, 'FULL')
  }
  noteCommit(db)
  try {
    await wal.sync()
  } finally {
    await wal.close()
  }
}

function insertCreatingRow(db: Db, b: NewBatch, fingerprint: string): void {
  insertBatch(
    db,
    {
      id: b.batchId,
      name: b.name,
      createdAt: b.at,
      status: 'paused',
      priority: 0,
      matrix: b.matrix,
      fingerprint,
      total: b.total,
      budgetCap: b.budgetCap ?? null,
    },
    true,
  )
}

function newCell(batchId: string, ord: number, s: CellSpec): NewCell {
  return { id: randomUUID(), batchId, ord, ...s }
}

/** Deletes a half-written batch's cells a few thousand at a time, then the batch row. */
async function discardInSlices(db: Db, batchId: string, pause: () => Promise<void>): Promise<void> {
  try {
    const step = sql(db, 'DELETE FROM cells WHERE rowid IN (SELECT rowid FROM cells WHERE batch_id = ? LIMIT 5000)')
    while (step.run(batchId).changes > 0) await pause()
    discardBatchCreation(db, batchId)
  } catch {
    // The database itself failed; the next start removes the `creating` row and whatever cells it has.
  }
}
