import type { Leaderboard, LeaderboardScope, Standing } from '@shared/contracts'
import { styleName } from '@shared/catalog/styles'
import { fitLeaderboard, rankStandings } from '@shared/domain/leaderboard'
import { rowStyles } from '@shared/domain/matrix'
import { AppError } from '@shared/errors'
import { getBatch } from '../db/batches'
import { sql, type Db } from '../db/connection'
import { batchTally, libraryTally, selectionTally, type JudgementTally } from '../db/judgements'

/** The judgements a scope counts, and the styles its board lists even when never judged. */
export function scopeTally(db: Db, scope: LeaderboardScope): { tally: JudgementTally; styles: string[] } {
  if (scope.kind === 'batch') {
    const batch = getBatch(db, scope.batchId)
    if (!batch) throw new AppError({ kind: 'not_found', message: `There is no batch ${scope.batchId}.` })
    const styles = new Set<string>(batch.matrix.styleIds)
    for (const row of batch.matrix.prompts) for (const s of rowStyles(batch.matrix, row)) styles.add(s)
    return { tally: batchTally(db, scope.batchId), styles: [...styles] }
  }
  if (scope.kind === 'selection') {
    const styles = sql(db, 'SELECT DISTINCT style_id AS s FROM cells WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(scope.cellIds))
      .map((r) => (r as { s: string }).s)
      .sort()
    return { tally: selectionTally(db, scope.cellIds), styles }
  }
  return { tally: libraryTally(db), styles: [] }
}

/** The board: Bradley-Terry strengths with a prior of one virtual win and loss per style, best first. */
export function leaderboardOf(db: Db, scope: LeaderboardScope): Leaderboard {
  const { tally, styles } = scopeTally(db, scope)
  const ranked = rankStandings(fitLeaderboard(styles, tally.judgements))
  const standings: Standing[] = []
  ranked.forEach((s, i) => {
    const prev = standings[i - 1]
    // Equal strength (to display precision) shares a rank: two never-judged styles are not 3rd and 4th.
    const same = prev && Math.abs(prev.strength - s.strength) < 1e-9
    standings.push({
      rank: same ? prev.rank : i + 1,
      styleId: s.style,
      styleName: styleName(s.style),
      strength: s.strength,
      low: s.low,
      high: s.high,
      beatsAverage: s.beatsAverage,
      wins: s.wins,
      losses: s.losses,
      ties: s.ties,
      judgements: Math.round(s.judgements),
      winRate: s.winRate,
    })
  })
  return { standings, judgements: tally.total, rowsJudged: tally.rows }
}
