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

interface RawBatch {
  id: string
  name: string
  created_at: number
  status: BatchStatus
  priority: number
  position: number
  matrix_json: string
  fingerprint: string
  total: number
  spend: number
  budget_cap: number | null
  finished_at: number | null
  notes: string
  deleted_at: number | null
  pause_reason: string | null
}

function fromRaw(r: RawBatch): BatchRow {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    status: r.status,
    priority: r.priority,
    position: r.position,
    matrix: JSON.parse(r.matrix_json) as Matrix,
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

export function insertBatch(db: Db, b: NewBatch): BatchRow {
  const position = (sql(db, 'SELECT COALESCE(MAX(position), 0) + 1 AS p FROM batches').get() as { p: number }).p
  const budgetCap = b.budgetCap ?? null
  sql(
    db,
    `INSERT INTO batches (id, name, created_at, status, priority, position, matrix_json, fingerprint, total, budget_cap)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    b.id,
    b.name,
    b.createdAt,
    b.status,
    b.priority,
    position,
    JSON.stringify(b.matrix),
    b.fingerprint,
    b.total,
    budgetCap,
  )
  return { ...b, position, spend: 0, budgetCap, finishedAt: null, notes: '', deletedAt: null, pauseReason: null }
}

export function getBatch(db: Db, id: string): BatchRow | undefined {
  const r = sql(db, 'SELECT * FROM batches WHERE id = ?').get(id) as RawBatch | undefined
  return r ? fromRaw(r) : undefined
}

/** Newest first, the order the queue view lists them in; deleted batches are left out until undone. */
export function listBatches(db: Db): BatchRow[] {
  return (
    sql(
      db,
      'SELECT * FROM batches WHERE deleted_at IS NULL ORDER BY created_at DESC, position DESC',
    ).all() as RawBatch[]
  ).map(fromRaw)
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

export function cellCounts(db: Db, batchId: string): CellCounts {
  const rows = sql(db, 'SELECT state, COUNT(*) AS n FROM cells WHERE batch_id = ? GROUP BY state').all(batchId) as {
    state: CellState
    n: number
  }[]
  const out: CellCounts = {}
  for (const r of rows) out[r.state] = r.n
  return out
}

/** Counts for every batch in one query (the batch list). */
export function allCellCounts(db: Db): Map<string, CellCounts> {
  const rows = sql(db, 'SELECT batch_id, state, COUNT(*) AS n FROM cells GROUP BY batch_id, state').all() as {
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
  const r = sql(
    db,
    `SELECT id FROM batches WHERE fingerprint = ? AND status IN ('active', 'paused')
       ORDER BY created_at DESC, position DESC LIMIT 1`,
  ).get(fingerprint) as { id: string } | undefined
  return r?.id ?? null
}

/** Batches whose pending cells may be submitted now, best priority first, then oldest. */
export function runnableBatches(db: Db): { id: string; priority: number; position: number }[] {
  return sql(
    db,
    `SELECT b.id, b.priority, b.position FROM batches b
       WHERE b.status = 'active' AND EXISTS (SELECT 1 FROM cells c WHERE c.batch_id = b.id AND c.state = 'pending')
       ORDER BY b.priority DESC, b.position ASC`,
  ).all() as { id: string; priority: number; position: number }[]
}
