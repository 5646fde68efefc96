import type { AppErrorData } from '@shared/errors'
import type { CellState, SoulParams } from '@shared/domain'
import type { Metrics } from '../cloud/types'
import { sql, type Db } from './connection'

/** One generation of the matrix (prompt x style x seed) and where it is in its life. */
export interface CellRow {
  id: string
  batchId: string
  ord: number
  promptIndex: number
  styleId: string
  seedIndex: number
  params: SoulParams
  state: CellState
  requestId: string | null
  statusUrl: string | null
  responseUrl: string | null
  outputUrl: string | null
  /** Times the cell was started: 1 for the first run, +1 per user retry. */
  attempts: number
  /** POSTs sent for this cell, ever: the never-pay-twice audit trail. */
  submits: number
  polls: number
  /** Consecutive failed tries of the current step (GET retries, re-downloads); drives backoff. */
  failures: number
  error: AppErrorData | null
  submittedAt: number | null
  /** When a status check first saw COMPLETED (detection lag = detectedAt - server completion). */
  detectedAt: number | null
  completedAt: number | null
  cost: number | null
  metrics: Metrics | null
  nextCheckAt: number | null
  updatedAt: number
}

/** The fields a transition may change. */
export type CellChanges = Partial<Omit<CellRow, 'id' | 'batchId' | 'ord' | 'promptIndex' | 'styleId' | 'seedIndex'>>

const COLUMNS: Record<keyof CellChanges, string> = {
  params: 'params_json',
  state: 'state',
  requestId: 'request_id',
  statusUrl: 'status_url',
  responseUrl: 'response_url',
  outputUrl: 'output_url',
  attempts: 'attempts',
  submits: 'submits',
  polls: 'polls',
  failures: 'failures',
  error: 'error_json',
  submittedAt: 'submitted_at',
  detectedAt: 'detected_at',
  completedAt: 'completed_at',
  cost: 'cost',
  metrics: 'metrics_json',
  nextCheckAt: 'next_check_at',
  updatedAt: 'updated_at',
}
const JSON_FIELDS = new Set<keyof CellChanges>(['params', 'error', 'metrics'])

export interface RawCell {
  id: string
  batch_id: string
  ord: number
  prompt_index: number
  style_id: string
  seed_index: number
  params_json: string
  state: CellState
  request_id: string | null
  status_url: string | null
  response_url: string | null
  output_url: string | null
  attempts: number
  submits: number
  polls: number
  failures: number
  error_json: string | null
  submitted_at: number | null
  detected_at: number | null
  completed_at: number | null
  cost: number | null
  metrics_json: string | null
  next_check_at: number | null
  updated_at: number
  /** Grows on every change of the row (migration 011). */
  rev: number
}

export function fromRaw(r: RawCell): CellRow {
  return {
    id: r.id,
    batchId: r.batch_id,
    ord: r.ord,
    promptIndex: r.prompt_index,
    styleId: r.style_id,
    seedIndex: r.seed_index,
    params: JSON.parse(r.params_json) as SoulParams,
    state: r.state,
    requestId: r.request_id,
    statusUrl: r.status_url,
    responseUrl: r.response_url,
    outputUrl: r.output_url,
    attempts: r.attempts,
    submits: r.submits,
    polls: r.polls,
    failures: r.failures,
    error: r.error_json ? (JSON.parse(r.error_json) as AppErrorData) : null,
    submittedAt: r.submitted_at,
    detectedAt: r.detected_at,
    completedAt: r.completed_at,
    cost: r.cost,
    metrics: r.metrics_json ? (JSON.parse(r.metrics_json) as Metrics) : null,
    nextCheckAt: r.next_check_at,
    updatedAt: r.updated_at,
  }
}

/** What a new cell is made of; everything else starts at its defaults (pending, no request). */
export type NewCell = Pick<CellRow, 'id' | 'batchId' | 'ord' | 'promptIndex' | 'styleId' | 'seedIndex' | 'params'>

export function insertCells(db: Db, cells: readonly NewCell[], now: number): void {
  const stmt = sql(
    db,
    `INSERT INTO cells (id, batch_id, ord, prompt_index, style_id, seed_index, params_json, state, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
  )
  for (const c of cells)
    stmt.run(c.id, c.batchId, c.ord, c.promptIndex, c.styleId, c.seedIndex, JSON.stringify(c.params), now)
}

export function getCell(db: Db, id: string): CellRow | undefined {
  const r = sql(db, 'SELECT * FROM cells WHERE id = ?').get(id) as RawCell | undefined
  return r ? fromRaw(r) : undefined
}

export function cellsOfBatch(db: Db, batchId: string): CellRow[] {
  return (sql(db, 'SELECT * FROM cells WHERE batch_id = ? ORDER BY ord').all(batchId) as RawCell[]).map(fromRaw)
}

/** Where a page of a batch's cells starts: after this grid position (prompt row, then grid order). */
export interface CellCursor {
  promptIndex: number
  ord: number
}

/**
 * One page of a batch's cells by grid position, keyset-paged on the (batch_id, prompt_index, ord) index: a page
 * deep in a 100,000-cell batch costs the same as the first. Start a row with { promptIndex: row, ord: -1 }.
 */
export function cellPage(db: Db, batchId: string, after: CellCursor, limit: number): CellRow[] {
  return (
    sql(
      db,
      `SELECT * FROM cells WHERE batch_id = ? AND (prompt_index, ord) > (?, ?)
         ORDER BY prompt_index, ord LIMIT ?`,
    ).all(batchId, after.promptIndex, after.ord, limit) as RawCell[]
  ).map(fromRaw)
}

export function cellsInState(db: Db, state: CellState, batchId?: string): CellRow[] {
  const rows = batchId
    ? sql(db, 'SELECT * FROM cells WHERE state = ? AND batch_id = ? ORDER BY ord').all(state, batchId)
    : sql(db, 'SELECT * FROM cells WHERE state = ? ORDER BY batch_id, ord').all(state)
  return (rows as RawCell[]).map(fromRaw)
}

export function updateCell(db: Db, id: string, changes: CellChanges): void {
  const keys = Object.keys(changes) as (keyof CellChanges)[]
  if (keys.length === 0) return
  const sets = keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')
  const values = keys.map((k) => {
    const v = changes[k]
    if (v === undefined || v === null) return null
    if (JSON_FIELDS.has(k)) return JSON.stringify(v)
    return v as string | number
  })
  // `rev` marks the row as changed for inFlightCells' memo (migration 011).
  sql(db, `UPDATE cells SET ${sets}, rev = rev + 1 WHERE id = ?`).run(...values, id)
}

/** The next pending cells of one batch, in grid order. */
export function nextPending(db: Db, batchId: string, limit: number): CellRow[] {
  return (
    sql(db, `SELECT * FROM cells WHERE batch_id = ? AND state = 'pending' ORDER BY ord LIMIT ?`).all(
      batchId,
      limit,
    ) as RawCell[]
  ).map(fromRaw)
}

/** Cells whose job lives on the server: they count against concurrency. */
export function countInFlight(db: Db): number {
  return (
    sql(
      db,
      `SELECT COUNT(*) AS n FROM cells WHERE state IN ('submitting', 'queued', 'processing', 'fetching')`,
    ).get() as { n: number }
  ).n
}

/**
 * Pending cells of active batches. Counted per active batch on the covering (batch_id, state) index: a join
 * driven from the cells side reads every pending row of the table, ~4x slower on a 100,000-cell batch.
 */
export function countPendingRunnable(db: Db): number {
  return (
    sql(
      db,
      `SELECT COALESCE(SUM((SELECT COUNT(*) FROM cells c WHERE c.batch_id = b.id AND c.state = 'pending')), 0) AS n
         FROM batches b WHERE b.status = 'active'`,
    ).get() as { n: number }
  ).n
}

/** Cheap checks for waitForIdle, which runs after every answer: EXISTS stops at the first row. */
export function hasOpenWork(db: Db): { onServer: boolean; runnablePending: boolean } {
  const r = sql(
    db,
    `SELECT
       EXISTS (SELECT 1 FROM cells WHERE state IN ('submitting', 'queued', 'processing', 'fetching')) AS on_server,
       EXISTS (SELECT 1 FROM cells c JOIN batches b ON b.id = c.batch_id WHERE c.state = 'pending' AND b.status = 'active') AS pending`,
  ).get() as { on_server: number; pending: number }
  return { onServer: r.on_server === 1, runnablePending: r.pending === 1 }
}

/** In-flight cells as last read, by cell id, with the row's revision they were read at (see inFlightCells). */
export type InFlightMemo = Map<string, { rev: number; cell: CellRow; seenIn: number }>

/** Numbers inFlightCells' reads, to drop memo entries the latest read did not see without building a set. */
let inFlightReads = 0

/**
 * In-flight cells that need a request now or soonest (queued/processing polls and fetching downloads), soonest
 * first. The runner reads them on every tick; with `memo` a tick reads only each cell's id and revision and reads
 * a whole row (and parses its JSON) only when it changed since the last tick, so a cell in flight costs a few row
 * reads over its life instead of one per tick. The memo is pruned here to the in-flight set. The rows it hands
 * out are shared between ticks: callers copy, never mutate them (the scheduler's own code only spreads them).
 */
export function inFlightCells(db: Db, memo?: InFlightMemo): CellRow[] {
  // Inside a transaction a row may be one that is later rolled back, and its revision would then come round again
  // for a different row: the memo only takes rows read outside any transaction (the runner's ticks are).
  if (!memo || db.inTransaction) {
    const rows = sql(
      db,
      `SELECT * FROM cells WHERE state IN ('queued', 'processing', 'fetching') ORDER BY next_check_at`,
    ).all() as RawCell[]
    return rows.map((r) => fromRaw(r))
  }
  // raw() switches the cached statement to arrays: this SQL text is used here only.
  const revs = sql(
    db,
    `SELECT id, rev FROM cells WHERE state IN ('queued', 'processing', 'fetching') ORDER BY next_check_at`,
  )
    .raw()
    .all() as [string, number][]
  const byId = sql(db, 'SELECT * FROM cells WHERE id = ?')
  const read = ++inFlightReads
  const out: CellRow[] = []
  for (const [id, rev] of revs) {
    const hit = memo.get(id)
    if (hit && hit.rev === rev) {
      hit.seenIn = read
      out.push(hit.cell)
      continue
    }
    const raw = byId.get(id) as RawCell | undefined
    // Gone between the two reads cannot happen inside one synchronous call; skip it rather than trust that.
    if (!raw) continue
    const cell = fromRaw(raw)
    memo.set(id, { rev: raw.rev, cell, seenIn: read })
    out.push(cell)
  }
  for (const [id, entry] of memo) if (entry.seenIn !== read) memo.delete(id)
  return out
}

/** Cells of one batch whose server keys are known: for tests and the never-pay-twice audit. */
export function cellIdsInStates(db: Db, batchId: string, states: readonly CellState[]): string[] {
  const marks = states.map(() => '?').join(', ')
  return (
    sql(db, `SELECT id FROM cells WHERE batch_id = ? AND state IN (${marks}) ORDER BY ord`).all(batchId, ...states) as {
      id: string
    }[]
  ).map((r) => r.id)
}
