import { randomUUID } from 'node:crypto'
import type { CoreHandlers, RowWinner } from '@shared/contracts'
import { AppError } from '@shared/errors'
import { getCell } from '../db/cells'
import type { Db } from '../db/connection'
import { getImage, imageOfCell } from '../db/images'
import {
  deleteGroup,
  deleteRowVerdicts,
  insertJudgements,
  verdictsOfCells,
  type NewJudgement,
  type StoredVerdict,
} from '../db/judgements'
import { cellView } from '../views'
import { nextDuelCells } from './duel-pairs'
import { leaderboardOf } from './picks-scope'
import { loadRow, mustBeSaved } from './picks-rows'

export interface PicksDeps {
  db: Db
  now(): number
}

type PicksHandlers = Pick<
  CoreHandlers,
  | 'picks.pickWinner'
  | 'picks.rankRow'
  | 'picks.duel'
  | 'picks.undo'
  | 'picks.clearRow'
  | 'picks.rowWinners'
  | 'picks.nextDuel'
  | 'leaderboard.get'
  | 'grid.cellsOfImages'
>

/** The winner of each action: the cell that beat others and lost to none in it (a pick's winner, a ranking's first). */
function winnersOf(verdicts: readonly StoredVerdict[]): RowWinner[] {
  const groups = new Map<string, { v: StoredVerdict; won: Set<string>; lost: Set<string> }>()
  for (const v of verdicts) {
    let g = groups.get(v.groupId)
    if (!g) groups.set(v.groupId, (g = { v, won: new Set(), lost: new Set() }))
    g.won.add(v.winnerCellId)
    g.lost.add(v.loserCellId)
  }
  const latest = new Map<string, RowWinner>()
  for (const { v, won, lost } of groups.values()) {
    const winner = [...won].find((c) => !lost.has(c))
    if (!winner) continue
    const prev = latest.get(v.rowKey)
    if (prev && prev.createdAt > v.createdAt) continue
    latest.set(v.rowKey, {
      rowKey: v.rowKey,
      winnerCellId: winner,
      groupId: v.groupId,
      method: v.method,
      createdAt: v.createdAt,
    })
  }
  return [...latest.values()]
}

export function createPicksHandlers(d: PicksDeps): PicksHandlers {
  /** Stores one action; a pick or ranking first removes the row's earlier one, in the same transaction. */
  const record = (
    method: 'pick' | 'rank' | 'duel',
    row: { rowKey: string; batchId: string | null },
    judgements: NewJudgement[],
  ): { groupId: string; judgements: number } => {
    if (judgements.length === 0) {
      throw new AppError({
        kind: 'validation',
        message: 'Every other image in this row has the same style; a pick compares styles.',
      })
    }
    const groupId = randomUUID()
    d.db.transaction(() => {
      if (method !== 'duel') deleteRowVerdicts(d.db, row.rowKey)
      insertJudgements(
        d.db,
        { groupId, method, rowKey: row.rowKey, batchId: row.batchId, createdAt: d.now() },
        judgements,
      )
    })()
    return { groupId, judgements: judgements.length }
  }

  return {
    'picks.pickWinner': ({ winnerCellId, rowCellIds }) => {
      if (!rowCellIds.includes(winnerCellId)) {
        throw new AppError({ kind: 'validation', message: 'The winner must be one of the row’s images.' })
      }
      const row = loadRow(d.db, rowCellIds)
      const winner = row.cells.find((c) => c.id === winnerCellId)
      if (!winner) throw new AppError({ kind: 'not_found', message: `There is no image cell ${winnerCellId}.` })
      mustBeSaved(winner, 'The image you picked')
      const others = row.cells.filter((c) => c.id !== winnerCellId && c.state === 'saved')
      if (others.length === 0) {
        throw new AppError({
          kind: 'validation',
          message: 'This row has nothing to compare yet: wait until another of its images is saved.',
        })
      }
      const judgements = others
        .filter((c) => c.styleId !== winner.styleId)
        .map((c) => ({
          winnerCellId,
          loserCellId: c.id,
          winnerStyle: winner.styleId,
          loserStyle: c.styleId,
          tie: false,
        }))
      return record('pick', row, judgements)
    },
    'picks.rankRow': ({ rankedCellIds }) => {
      const row = loadRow(d.db, rankedCellIds)
      row.cells.forEach((c, i) => mustBeSaved(c, `Image ${i + 1} of the ranking`))
      const judgements: NewJudgement[] = []
      row.cells.forEach((w, i) => {
        for (const l of row.cells.slice(i + 1)) {
          if (l.styleId === w.styleId) continue
          judgements.push({
            winnerCellId: w.id,
            loserCellId: l.id,
            winnerStyle: w.styleId,
            loserStyle: l.styleId,
            tie: false,
          })
        }
      })
      return record('rank', row, judgements)
    },
    'picks.duel': ({ leftCellId, rightCellId, outcome }) => {
      const row = loadRow(d.db, [leftCellId, rightCellId])
      const [left, right] = row.cells
      if (!left || !right) throw new AppError({ kind: 'validation', message: 'A duel needs two images.' })
      mustBeSaved(left, 'The left image')
      mustBeSaved(right, 'The right image')
      const [w, l] = outcome === 'right' ? [right, left] : [left, right]
      return record('duel', row, [
        {
          winnerCellId: w.id,
          loserCellId: l.id,
          winnerStyle: w.styleId,
          loserStyle: l.styleId,
          tie: outcome === 'tie',
        },
      ])
    },
    'picks.undo': ({ groupId }) => {
      const removed = deleteGroup(d.db, groupId)
      if (removed === 0) {
        throw new AppError({ kind: 'not_found', message: 'That pick was already taken back.' })
      }
      return { removed }
    },
    'picks.clearRow': ({ rowCellIds }) => ({ removed: deleteRowVerdicts(d.db, loadRow(d.db, rowCellIds).rowKey) }),
    'picks.rowWinners': ({ cellIds }) => ({
      winners: cellIds.length === 0 ? [] : winnersOf(verdictsOfCells(d.db, cellIds)),
    }),
    'picks.nextDuel': ({ scope, skip }) => {
      const next = nextDuelCells(d.db, scope, new Set(skip))
      const judgements = leaderboardOf(d.db, scope).judgements
      if (!next) return { pair: null, judgements }
      const left = getCell(d.db, next.left)
      const right = getCell(d.db, next.right)
      if (!left || !right) return { pair: null, judgements }
      return {
        pair: {
          rowKey: `${left.batchId}:${left.promptIndex}:${left.seedIndex}`,
          left: cellView(left, imageOfCell(d.db, left.id)),
          right: cellView(right, imageOfCell(d.db, right.id)),
          prompt: left.params.prompt,
        },
        judgements,
      }
    },
    'leaderboard.get': ({ scope }) => leaderboardOf(d.db, scope),
    'grid.cellsOfImages': ({ imageIds }) => {
      const cells = []
      for (const id of imageIds) {
        const image = getImage(d.db, id)
        const cell = image ? getCell(d.db, image.cellId) : undefined
        if (image && cell) cells.push(cellView(cell, image))
      }
      return { cells }
    },
  }
}
