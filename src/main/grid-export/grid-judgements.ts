import { sql, type Db } from '../db/connection'
import type { GridJudgement } from './grid-data'

interface Raw {
  group_id: string
  method: string
  row_key: string
  winner_cell_id: string
  loser_cell_id: string
  tie: number
  created_at: number
}

/**
 * Every stored judgement (pick, ranking, duel) whose two cells are both in the grid, oldest first, from the picks
 * core's table (migration 007). Walks judgements_winner_cell for each of the grid's cells.
 */
export function judgementsAmong(db: Db, cellIds: readonly string[]): GridJudgement[] {
  if (cellIds.length === 0) return []
  const ids = JSON.stringify(cellIds)
  const rows = sql(
    db,
    `SELECT group_id, method, row_key, winner_cell_id, loser_cell_id, tie, created_at FROM judgements
     WHERE winner_cell_id IN (SELECT value FROM json_each(?)) AND loser_cell_id IN (SELECT value FROM json_each(?))
     ORDER BY created_at, id`,
  ).all(ids, ids) as Raw[]
  return rows.map((r) => ({
    winnerCellId: r.winner_cell_id,
    loserCellId: r.loser_cell_id,
    tie: r.tie === 1,
    method: r.method,
    createdAt: r.created_at,
    groupId: r.group_id,
    rowKey: r.row_key,
  }))
}
