import type { CellState } from '@shared/domain'
import { sql, type Db } from './connection'

/** The writes behind the batch menu (rename, notes, budget cap, delete and its undo) and the spend caps' reads. */

export function renameBatch(db: Db, id: string, name: string): void {
  sql(db, 'UPDATE batches SET name = ? WHERE id = ?').run(name, id)
}

export function setBatchNotes(db: Db, id: string, notes: string): void {
  sql(db, 'UPDATE batches SET notes = ? WHERE id = ?').run(notes, id)
}

/** The two numbers the cap check needs, without parsing the batch's (possibly large) matrix on every submit. */
export function batchSpendAndCap(db: Db, id: string): { spend: number; budgetCap: number | null } | undefined {
  const r = sql(db, 'SELECT spend, budget_cap FROM batches WHERE id = ?').get(id) as
    { spend: number; budget_cap: number | null } | undefined
  return r ? { spend: r.spend, budgetCap: r.budget_cap } : undefined
}

export function setBatchBudgetCap(db: Db, id: string, cap: number | null): void {
  sql(db, 'UPDATE batches SET budget_cap = ? WHERE id = ?').run(cap, id)
}

/**
 * Deletes a batch the undoable way: the batch is hidden and its images not yet in the trash go there, stamped
 * with the same time, so an undo takes back exactly those and leaves images the user had trashed before.
 * Returns how many images went to the trash. Call inside a transaction.
 */
export function markBatchDeleted(db: Db, id: string, at: number): number {
  sql(db, 'UPDATE batches SET deleted_at = ? WHERE id = ?').run(at, id)
  return sql(db, 'UPDATE images SET trashed_at = ? WHERE batch_id = ? AND trashed_at IS NULL').run(at, id).changes
}

/** Undoes markBatchDeleted; returns how many images came back from the trash. Call inside a transaction. */
export function unmarkBatchDeleted(db: Db, id: string, deletedAt: number): number {
  sql(db, 'UPDATE batches SET deleted_at = NULL WHERE id = ?').run(id)
  return sql(db, 'UPDATE images SET trashed_at = NULL WHERE batch_id = ? AND trashed_at = ?').run(id, deletedAt).changes
}

const ON_SERVER: readonly CellState[] = ['submitting', 'queued', 'processing', 'fetching']

/** Cells of a batch (or of every batch) whose job is on the server and not yet paid for in `spend`. */
export function cellsOnServer(db: Db, batchId?: string): number {
  const marks = ON_SERVER.map(() => '?').join(', ')
  if (batchId === undefined)
    return (sql(db, `SELECT COUNT(*) AS n FROM cells WHERE state IN (${marks})`).get(...ON_SERVER) as { n: number }).n
  return (
    sql(db, `SELECT COUNT(*) AS n FROM cells WHERE batch_id = ? AND state IN (${marks})`).get(
      batchId,
      ...ON_SERVER,
    ) as {
      n: number
    }
  ).n
}

/**
 * Dollars spent on images saved since `since` (epoch ms), across every batch, deleted ones included. Asked before
 * every submit while a daily cap is set: INDEXED BY keeps SQLite on the covering partial index (without it, it
 * prefers cells_state and visits every saved row: 117 ms instead of a few at 50 000 images a day).
 */
export function spendSince(db: Db, since: number): number {
  return (
    sql(
      db,
      `SELECT COALESCE(SUM(cost), 0) AS s FROM cells INDEXED BY cells_saved_completed
         WHERE state = 'saved' AND completed_at >= ?`,
    ).get(since) as {
      s: number
    }
  ).s
}

/**
 * Distinct prompts of recent batches, newest batch first: the compose page's "recent prompts" picker. SQLite
 * walks the stored matrices lazily and stops at the limit, so a library of 10 000-prompt batches stays cheap.
 */
export function recentPrompts(db: Db, limit: number): string[] {
  const rows = sql(
    db,
    `SELECT DISTINCT json_extract(p.value, '$.prompt') AS prompt
       FROM (SELECT m.matrix_json FROM batches b JOIN batch_matrices m ON m.batch_id = b.id
               ORDER BY b.created_at DESC LIMIT 200) b,
            json_each(b.matrix_json, '$.prompts') p
       LIMIT ?`,
  ).all(limit) as { prompt: string }[]
  return rows.map((r) => r.prompt)
}
