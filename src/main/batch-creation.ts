import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Matrix } from '@shared/domain'
import { iterateMatrix, matrixFingerprint, type CellSpec, type Rng } from '@shared/domain/matrix'
import { discardBatchCreation, finishBatchCreation, insertBatch } from './db/batches'
import { insertCells, type NewCell } from './db/cells'
import { sql, type Db } from './db/connection'

/** How long one slice of inserts may hold the event loop before it commits and lets other calls in. */
export const SLICE_BUDGET_MS = 25
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
  insertBatch(
    db,
    {
      id: b.batchId,
      name: b.name,
      createdAt: b.at,
      status: 'paused',
      priority: 0,
      matrix: b.matrix,
      fingerprint: matrixFingerprint(b.matrix),
      total: b.total,
      budgetCap: b.budgetCap ?? null,
    },
    true,
  )
  try {
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
      // so their slices skip the fsync; the last step, which makes the batch real, is a FULL commit again.
      db.pragma('synchronous = NORMAL')
      try {
        insertSlice()
      } finally {
        db.pragma('synchronous = FULL')
      }
      if (done) break
      await pause()
    }
    finishBatchCreation(db, b.batchId, 'active')
  } catch (e) {
    await discardInSlices(db, b.batchId, pause)
    throw e
  }
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
