import type { LeaderboardScope } from '@shared/contracts'
import { duelOrder } from '@shared/domain/duel'
import { sql, type Db } from '../db/connection'
import { pairCounts, pairKey } from '../db/judgements'
import { leaderboardOf, scopeTally } from './picks-scope'

/** How many candidate rows one style pair is asked for before the next pair is tried (skips eat into them). */
const CANDIDATES = 60

// Two saved, not trashed images of two styles in one row that were never judged against each other. The
// partial index cells_saved_style finds both sides; the NOT EXISTS reads the judgement indexes.
const PAIR_SQL = (where: string): string => `
  SELECT a.id AS a, b.id AS b FROM cells a
  JOIN cells b ON b.style_id = ? AND b.batch_id = a.batch_id AND b.prompt_index = a.prompt_index
    AND b.seed_index = a.seed_index AND b.state = 'saved'
  JOIN images ia ON ia.cell_id = a.id AND ia.trashed_at IS NULL
  JOIN images ib ON ib.cell_id = b.id AND ib.trashed_at IS NULL
  WHERE a.style_id = ? AND a.state = 'saved' ${where}
    AND NOT EXISTS (SELECT 1 FROM judgements j WHERE (j.winner_cell_id = a.id AND j.loser_cell_id = b.id)
      OR (j.winner_cell_id = b.id AND j.loser_cell_id = a.id))
  ORDER BY a.batch_id, a.prompt_index, a.seed_index LIMIT ${CANDIDATES}`

type Candidate = { a: string; b: string }

function candidates(db: Db, scope: LeaderboardScope, a: string, b: string): Candidate[] {
  if (scope.kind === 'batch') return sql(db, PAIR_SQL('AND a.batch_id = ?')).all(b, a, scope.batchId) as Candidate[]
  if (scope.kind === 'selection') {
    const ids = JSON.stringify(scope.cellIds)
    return sql(
      db,
      PAIR_SQL('AND a.id IN (SELECT value FROM json_each(?)) AND b.id IN (SELECT value FROM json_each(?))'),
    ).all(b, a, ids, ids) as Candidate[]
  }
  return sql(db, PAIR_SQL('')).all(b, a) as Candidate[]
}

/**
 * The next duel: style pairs in order of what one more judgement would teach (duelOrder), and for the first pair
 * that has one, the first row holding an unjudged image of each that the user did not skip. Sides alternate by
 * row so one style is not always on the left.
 */
export function nextDuelCells(
  db: Db,
  scope: LeaderboardScope,
  skip: ReadonlySet<string>,
): { left: string; right: string } | null {
  const board = leaderboardOf(db, scope)
  let styles = board.standings.map((s) => ({ style: s.styleId, strength: s.strength }))
  if (scope.kind === 'library') {
    // The library board lists only judged styles; duels may also bring in styles never judged yet.
    const all = sql(db, `SELECT DISTINCT style_id AS s FROM cells WHERE state = 'saved'`).all() as { s: string }[]
    const known = new Set(styles.map((s) => s.style))
    styles = [...styles, ...all.filter((r) => !known.has(r.s)).map((r) => ({ style: r.s, strength: 1 }))]
  }
  const counts = pairCounts(scopeTally(db, scope).tally.judgements)
  for (const pair of duelOrder(styles, counts, pairKey)) {
    for (const [i, c] of candidates(db, scope, pair.a, pair.b).entries()) {
      if (skip.has(`${c.a}|${c.b}`) || skip.has(`${c.b}|${c.a}`)) continue
      return i % 2 === 0 ? { left: c.a, right: c.b } : { left: c.b, right: c.a }
    }
  }
  return null
}
