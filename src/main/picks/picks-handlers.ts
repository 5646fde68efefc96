import type { CoreHandlers } from '@shared/contracts'
import { AppError } from '@shared/errors'
import type { Db } from '../db/connection'

export interface PicksDeps {
  db: Db
  now(): number
  changed(batchId: string): void
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

// The lead is writing these now (issue 9); until they land each call says so plainly.
const notYet = (): never => {
  throw new AppError({ kind: 'internal', message: 'Picks are not available in this build yet.' })
}

export function createPicksHandlers(_d: PicksDeps): PicksHandlers {
  return {
    'picks.pickWinner': notYet,
    'picks.rankRow': notYet,
    'picks.duel': notYet,
    'picks.undo': notYet,
    'picks.clearRow': notYet,
    'picks.rowWinners': notYet,
    'picks.nextDuel': notYet,
    'leaderboard.get': notYet,
    'grid.cellsOfImages': notYet,
  }
}
