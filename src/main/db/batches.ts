import type { BatchStatus, CellState, Matrix } from '@shared/domain'
import { sql, type Db } from './connection'

/** A batch as stored; the matrix stays whole so the grid can be rebuilt, re-run or exported. */
export interface BatchRow {
  id: string
  name: string
  createdAt: number
  status: BatchStatus
  priority: number
  position: number
  matrix: Matrix
  fingerprint: string
  total: number
  spend: number
  budgetCap: number | null
  finishedAt: number | null
  notes: string
  /** Set when the user deleted the batch: hidden from the list, its images in the trash, until undone. */
  deletedAt: number | null
  /** Why the scheduler paused it (a budget cap), shown with the batch; null for a user's pause. */
  pauseReason: string | null
}

export interface RawBatch {
  id: string
  name: string
  created_at: number
  status: BatchStatus
  priority: number
  position: number
  fingerprint: string
  total: number
  spend: number
  budget_cap: number | null
  finished_at: number | null
  notes: string
  deleted_at: number | null
  pause_reason: string | null
}

/** Every column but the matrix, which can be megabytes for a big CSV batch and is read only when used. */
export const COLUMNS =
  'id, name, created_at, status, priority, position, fingerprint, total, spend, budget_cap, finished_at, notes, ' +
  'deleted_at, pause_reason'

/**
 * Parsed matrices, per connection and batch. A batch's matrix is written once at creation and never changed,
 * so a parse is reused for the life of the process; the cache is bounded so a long session stays lean.
 */
const matrices = new WeakMap<Db, Map<string, Matrix>>()
const MATRIX_CACHE = 64

function matrixOf(db: Db, id: string): Matrix {
  let cache = matrices.get(db)
  if (!cache) matrices.set(db, (cache = new Map()))
  const hit = cache.get(id)
  if (hit) {
    // Refresh its place, so the least recently used one goes first.
    cache.delete(id)
    cache.set(id, hit)
    return hit
  }
  const r = sql(db, 'SELECT matrix_json FROM batch_matrices WHERE batch_id = ?').get(id) as
    { matrix_json: string } | undefined
  const m = JSON.parse(r?.matrix_json ?? '{}') as Matrix
  cache.set(id, m)
  if (cache.size > MATRIX_CACHE) cache.delete(cache.keys().next().value as string)
  return m
}

export function fromRaw(db: Db, r: RawBatch): BatchRow {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    status: r.status,
    priority: r.priority,
    position: r.position,
    get matrix() {
      return matrixOf(db, r.id)
    },
    fingerprint: r.fingerprint,
    total: r.total,
    spend: r.spend,
    budgetCap: r.budget_cap,
    finishedAt: r.finished_at,
    notes: r.notes,
    deletedAt: r.deleted_at,
    pauseReason: r.pause_reason,
  }
}

export type NewBatch = Omit<
  BatchRow,
  'position' | 'spend' | 'budgetCap' | 'finishedAt' | 'notes' | 'deletedAt' | 'pauseReason'
> & { budgetCap?: number | null }

/**
 * `creating`: the batch's cells are still being written in slices. Such a batch is invisible to every read
 * here (and paused, so nothing runs it) until finishBatchCreation, in one transaction, makes it whole.
 */
export function insertBatch(db: Db, b: NewBatch, creating = false): BatchRow {
  const budgetCap = b.budgetCap ?? null
  const matrixJson = JSON.stringify(b.matrix)
  // Row and matrix together or not at all (a savepoint when the caller already holds a transaction).
  const position = db.transaction(() => {
    const p = (sql(db, 'SELECT COALESCE(MAX(position), 0) + 1 AS p FROM batches').get() as { p: number }).p
    sql(
      db,
      `INSERT INTO batches (id, name, created_at, status, priority, position, fingerprint, total, budget_cap, creating)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(b.id, b.name, b.createdAt, b.status, b.priority, p, b.fingerprint, b.total, budgetCap, creating ? 1 : 0)
    // In a table of its own (migration 10): the batches row is updated per saved cell and must stay small.
    sql(db, 'INSERT INTO batch_matrices (batch_id, matrix_json) VALUES (?, ?)').run(b.id, matrixJson)
    return p
  })()
  return { ...b, position, spend: 0, budgetCap, finishedAt: null, notes: '', deletedAt: null, pauseReason: null }
}

/** The last step of a sliced creation: the batch becomes visible and runnable with every cell in place. */
export function finishBatchCreation(db: Db, id: string, status: BatchStatus): void {
  sql(db, 'UPDATE batches SET creating = 0, status = ? WHERE id = ? AND creating = 1').run(status, id)
}

/** Removes a half-written batch (its cells go with it): after a failed creation, or a crash during one. */
export function discardBatchCreation(db: Db, id: string): void {
  sql(db, 'DELETE FROM batches WHERE id = ? AND creating = 1').run(id)
}

/** Every batch a crash left half-written; called once at start, before anything reads or runs the queue. */
export function discardUnfinishedCreations(db: Db): number {
  return sql(db, 'DELETE FROM batches WHERE creating = 1').run().changes
}

export function getBatch(db: Db, id: string): BatchRow | undefined {
  const r = sql(db, `SELECT ${COLUMNS} FROM batches WHERE id = ? AND creating = 0`).get(id) as RawBatch | undefined
  return r ? fromRaw(db, r) : undefined
}

/** Just the status: what every cell event needs, without reading the batch's matrix. */
export function getBatchStatus(db: Db, id: string): BatchStatus | undefined {
  const r = sql(db, 'SELECT status FROM batches WHERE id = ? AND creating = 0').get(id) as
    { status: BatchStatus } | undefined
  return r?.status
}

/** Newest first, the order the queue view lists them in; deleted batches are left out until undone. */
export function listBatches(db: Db): BatchRow[] {
  return (
    sql(
      db,
      `SELECT ${COLUMNS} FROM batches WHERE creating = 0 AND deleted_at IS NULL ORDER BY created_at DESC, position DESC`,
    ).all() as RawBatch[]
  ).map((r) => fromRaw(db, r))
}

/** Any status change but a cap's own pause clears the cap's reason (see setBatchPausedBy). */
export function setBatchStatus(db: Db, id: string, status: BatchStatus, now: number): void {
  const finished = status === 'done' || status === 'cancelled' ? now : null
  sql(db, 'UPDATE batches SET status = ?, finished_at = ?, pause_reason = NULL WHERE id = ?').run(status, finished, id)
}

/** The scheduler's own pause of one batch, with the reason the batch shows. */
export function setBatchPausedBy(db: Db, id: string, reason: string): void {
  sql(db, `UPDATE batches SET status = 'paused', pause_reason = ? WHERE id = ?`).run(reason, id)
}

export function setBatchPriority(db: Db, id: string, priority: number): void {
  sql(db, 'UPDATE batches SET priority = ? WHERE id = ?').run(priority, id)
}

export function addBatchSpend(db: Db, id: string, cost: number): void {
  if (cost > 0) sql(db, 'UPDATE batches SET spend = spend + ? WHERE id = ?').run(cost, id)
}

export type CellCounts = Partial<Record<CellState, number>>

/** A batch's cells by state, from the counts the triggers keep (migration 3): a lookup, not a count. */
export function cellCounts(db: Db, batchId: string): CellCounts {
  const rows = sql(db, 'SELECT state, n FROM batch_state_counts WHERE batch_id = ? AND n > 0').all(batchId) as {
    state: CellState
    n: number
  }[]
  const out: CellCounts = {}
  for (const r of rows) out[r.state] = r.n
  return out
}

/** Cells of a batch in any of `states`, from the kept counts. */
export function countCellsIn(db: Db, batchId: string, states: readonly CellState[]): number {
  const marks = states.map(() => '?').join(', ')
  const r = sql(
    db,
    `SELECT COALESCE(SUM(n), 0) AS n FROM batch_state_counts WHERE batch_id = ? AND state IN (${marks})`,
  ).get(batchId, ...states) as { n: number }
  return r.n
}

/** Counts for every batch in one query (the batch list). */
export function allCellCounts(db: Db): Map<string, CellCounts> {
  const rows = sql(db, 'SELECT batch_id, state, n FROM batch_state_counts WHERE n > 0').all() as {
    batch_id: string
    state: CellState
    n: number
  }[]
  const out = new Map<string, CellCounts>()
  for (const r of rows) {
    const c = out.get(r.batch_id) ?? {}
    c[r.state] = r.n
    out.set(r.batch_id, c)
  }
  return out
}

/** The newest batch from the same matrix that still has work, so the CLI resumes instead of paying twice. */
export function findUnfinishedByFingerprint(db: Db, fingerprint: string): string | null {
  return findByFingerprint(db, fingerprint, ['active', 'paused'])
}

/** The newest batch from the same matrix in one of `statuses` (indexed: fingerprint, status). */
export function findByFingerprint(db: Db, fingerprint: string, statuses: readonly BatchStatus[]): string | null {
  const marks = statuses.map(() => '?').join(', ')
  const r = sql(
    db,
    `SELECT id FROM batches WHERE fingerprint = ? AND status IN (${marks}) AND creating = 0
       ORDER BY created_at DESC, position DESC LIMIT 1`,
  ).get(fingerprint, ...statuses) as { id: string } | undefined
  return r?.id ?? null
}

/** Batches whose pending cells may be submitted now, best priority first, then oldest. */
export function runnableBatches(db: Db): { id: string; priority: number; position: number }[] {
  // Active batches come from a partial index in priority order; pending counts are kept by triggers.
  return sql(
    db,
    `SELECT b.id, b.priority, b.position FROM batches b
       JOIN batch_state_counts c ON c.batch_id = b.id AND c.state = 'pending' AND c.n > 0
       WHERE b.status = 'active'
       ORDER BY b.priority DESC, b.position ASC`,
  ).all() as { id: string; priority: number; position: number }[]
}
