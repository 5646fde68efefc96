import type { Judgement } from '@shared/domain/leaderboard'
import type { JudgeMethod } from '@shared/contracts'
import { sql, type Db } from './connection'

/** One judgement to store: in row `rowKey`, `winner` beat `loser` (or they tied). */
export interface NewJudgement {
  winnerCellId: string
  loserCellId: string
  winnerStyle: string
  loserStyle: string
  tie: boolean
}

export interface JudgementGroup {
  groupId: string
  method: JudgeMethod
  rowKey: string
  batchId: string | null
  createdAt: number
}

/** Stores one user action's judgements. Call inside a transaction when it replaces earlier ones. */
export function insertJudgements(db: Db, g: JudgementGroup, rows: readonly NewJudgement[]): void {
  const stmt = sql(
    db,
    `INSERT INTO judgements (group_id, method, row_key, batch_id, winner_cell_id, loser_cell_id, winner_style,
       loser_style, tie, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const r of rows)
    stmt.run(
      g.groupId,
      g.method,
      g.rowKey,
      g.batchId,
      r.winnerCellId,
      r.loserCellId,
      r.winnerStyle,
      r.loserStyle,
      r.tie ? 1 : 0,
      g.createdAt,
    )
}

export function deleteGroup(db: Db, groupId: string): number {
  return sql(db, 'DELETE FROM judgements WHERE group_id = ?').run(groupId).changes
}

/** Removes a row's pick and ranking (a new pick replaces them); duels in the row stay. */
export function deleteRowVerdicts(db: Db, rowKey: string): number {
  return sql(db, `DELETE FROM judgements WHERE row_key = ? AND method IN ('pick', 'rank')`).run(rowKey).changes
}

interface GroupedRow {
  winner_style: string
  loser_style: string
  tie: number
  n: number
}

const toJudgements = (rows: readonly GroupedRow[]): Judgement[] =>
  rows.map((r) => ({ winner: r.winner_style, loser: r.loser_style, tie: r.tie === 1, count: r.n }))

export interface JudgementTally {
  judgements: Judgement[]
  total: number
  rows: number
}

const GROUPED = 'SELECT winner_style, loser_style, tie, COUNT(*) AS n FROM judgements'

/** The judgements of one batch, grouped by style pair: as many rows as pairs, however many picks. */
export function batchTally(db: Db, batchId: string): JudgementTally {
  const rows = sql(db, `${GROUPED} WHERE batch_id = ? GROUP BY winner_style, loser_style, tie`).all(
    batchId,
  ) as GroupedRow[]
  const facts = sql(db, 'SELECT COUNT(*) AS n, COUNT(DISTINCT row_key) AS r FROM judgements WHERE batch_id = ?').get(
    batchId,
  ) as { n: number; r: number }
  return { judgements: toJudgements(rows), total: facts.n, rows: facts.r }
}

/** Every judgement in the library, grouped by style pair. */
export function libraryTally(db: Db): JudgementTally {
  const rows = sql(db, `${GROUPED} GROUP BY winner_style, loser_style, tie`).all() as GroupedRow[]
  const facts = sql(db, 'SELECT COUNT(*) AS n, COUNT(DISTINCT row_key) AS r FROM judgements').get() as {
    n: number
    r: number
  }
  return { judgements: toJudgements(rows), total: facts.n, rows: facts.r }
}

/** The judgements whose two cells are both among `cellIds` (a selection's own verdicts). */
export function selectionTally(db: Db, cellIds: readonly string[]): JudgementTally {
  const ids = JSON.stringify(cellIds)
  const rows = sql(
    db,
    `SELECT winner_style, loser_style, tie, row_key FROM judgements
     WHERE winner_cell_id IN (SELECT value FROM json_each(?)) AND loser_cell_id IN (SELECT value FROM json_each(?))`,
  ).all(ids, ids) as (Omit<GroupedRow, 'n'> & { row_key: string })[]
  const grouped = new Map<string, GroupedRow>()
  for (const r of rows) {
    const key = `${r.winner_style}\u0000${r.loser_style}\u0000${r.tie}`
    const g = grouped.get(key)
    if (g) g.n++
    else grouped.set(key, { ...r, n: 1 })
  }
  return {
    judgements: toJudgements([...grouped.values()]),
    total: rows.length,
    rows: new Set(rows.map((r) => r.row_key)).size,
  }
}

export interface StoredVerdict {
  groupId: string
  method: JudgeMethod
  rowKey: string
  createdAt: number
  winnerCellId: string
  loserCellId: string
}

/** Pick and ranking judgements that involve any of these cells: what the grid needs to mark row winners. */
export function verdictsOfCells(db: Db, cellIds: readonly string[]): StoredVerdict[] {
  const ids = JSON.stringify(cellIds)
  return sql(
    db,
    `SELECT group_id AS groupId, method, row_key AS rowKey, created_at AS createdAt,
            winner_cell_id AS winnerCellId, loser_cell_id AS loserCellId
     FROM judgements WHERE method IN ('pick', 'rank') AND group_id IN (
       SELECT group_id FROM judgements WHERE winner_cell_id IN (SELECT value FROM json_each(?))
       UNION SELECT group_id FROM judgements WHERE loser_cell_id IN (SELECT value FROM json_each(?)))`,
  ).all(ids, ids) as StoredVerdict[]
}

/** How often each pair of styles was judged in a scope's judgements (either order), for choosing the next duel. */
export function pairCounts(judgements: readonly Judgement[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const j of judgements) {
    const key = pairKey(j.winner, j.loser)
    out.set(key, (out.get(key) ?? 0) + (j.count ?? 1))
  }
  return out
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`)

/** True when these two cells were already judged against each other (in any action). */
export function cellsJudged(db: Db, a: string, b: string): boolean {
  return (
    sql(
      db,
      `SELECT 1 FROM judgements WHERE (winner_cell_id = ? AND loser_cell_id = ?) OR (winner_cell_id = ? AND loser_cell_id = ?) LIMIT 1`,
    ).get(a, b, b, a) !== undefined
  )
}
