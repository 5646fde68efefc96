import { z } from 'zod'
import { CellViewSchema } from '../domain/batch'

/**
 * Judging styles (issue 9): picks stored as judgements ("in this row, the cell of style A beat the cell of style
 * B", or a tie), and the style leaderboard fitted to them. A row is a set of cells that differ only by style: the
 * same prompt and seed (in a batch: the same prompt index and seed index). One user action (pick a row winner,
 * rank a row, one duel) is one group of judgements, undone together.
 */
const CellId = z.string().min(1).max(200)
const RowCells = z
  .array(CellId)
  .min(2, 'A row needs at least two images to compare.')
  .max(50, 'A row compares at most 50 images.')

export const JudgeMethodSchema = z.enum(['pick', 'rank', 'duel'])
export type JudgeMethod = z.infer<typeof JudgeMethodSchema>

/** Which judgements a leaderboard counts: one batch, the rows among some cells (a selection), or everything. */
export const LeaderboardScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('batch'), batchId: z.string().min(1).max(200) }),
  z.object({
    kind: z.literal('selection'),
    cellIds: z.array(CellId).min(1, 'Select some images first.').max(5000, 'A selection is at most 5,000 images.'),
  }),
  z.object({ kind: z.literal('library') }),
])
export type LeaderboardScope = z.infer<typeof LeaderboardScopeSchema>

export const StandingSchema = z.object({
  /** 1 = best; styles with equal strength share a rank. */
  rank: z.number().int(),
  styleId: z.string(),
  styleName: z.string(),
  /** Bradley-Terry strength relative to the board's average style (1 = average); see domain/leaderboard.ts. */
  strength: z.number(),
  /** 95% interval of the strength. */
  low: z.number(),
  high: z.number(),
  /** Chance to beat an average style of this board. */
  beatsAverage: z.number(),
  wins: z.number(),
  losses: z.number(),
  ties: z.number(),
  judgements: z.number().int(),
  /** Wins plus half the ties over judgements; null for a style never judged. */
  winRate: z.number().nullable(),
})
export type Standing = z.infer<typeof StandingSchema>

export const LeaderboardSchema = z.object({
  standings: z.array(StandingSchema),
  /** Judgements counted, and rows that have at least one. */
  judgements: z.number().int(),
  rowsJudged: z.number().int(),
})
export type Leaderboard = z.infer<typeof LeaderboardSchema>

export const RowWinnerSchema = z.object({
  /** Identifies the row ("<batchId>:<promptIndex>:<seedIndex>" for a batch row). */
  rowKey: z.string(),
  winnerCellId: z.string(),
  groupId: z.string(),
  method: JudgeMethodSchema,
  createdAt: z.number().int(),
})
export type RowWinner = z.infer<typeof RowWinnerSchema>

export const DuelPairSchema = z.object({
  rowKey: z.string(),
  left: CellViewSchema,
  right: CellViewSchema,
  /** The prompt both were made from (for the duel's caption). */
  prompt: z.string(),
})
export type DuelPair = z.infer<typeof DuelPairSchema>

const Judged = z.object({ groupId: z.string(), judgements: z.number().int() })

export const picksContracts = {
  /**
   * The winner of a row: judgements winner > every other saved cell of `rowCellIds` (the row as the grid shows
   * it, winner included). Replaces an earlier pick or ranking of the same row.
   */
  'picks.pickWinner': { input: z.object({ winnerCellId: CellId, rowCellIds: RowCells }), output: Judged },
  /** A whole row ranked best first: every earlier cell beats every later one. Replaces an earlier pick or ranking. */
  'picks.rankRow': { input: z.object({ rankedCellIds: RowCells }), output: Judged },
  /** One duel: left or right won, or a tie. Duels accumulate (judging the same pair twice counts twice). */
  'picks.duel': {
    input: z.object({ leftCellId: CellId, rightCellId: CellId, outcome: z.enum(['left', 'right', 'tie']) }),
    output: Judged,
  },
  /** Takes back one action (the groupId its call returned). */
  'picks.undo': {
    input: z.object({ groupId: z.string().min(1).max(200) }),
    output: z.object({ removed: z.number().int() }),
  },
  /** Removes the pick or ranking of the row these cells form (duels stay). */
  'picks.clearRow': { input: z.object({ rowCellIds: RowCells }), output: z.object({ removed: z.number().int() }) },
  /** The row winners (from a pick or a ranking's first) among the rows of these cells: what the grid marks. */
  'picks.rowWinners': {
    input: z.object({ cellIds: z.array(CellId).max(5000) }),
    output: z.object({ winners: z.array(RowWinnerSchema) }),
  },
  /** The next duel that teaches the leaderboard most (close, uncertain, least-judged pair), or null when none is left. */
  'picks.nextDuel': {
    input: z.object({ scope: LeaderboardScopeSchema, skip: z.array(z.string().max(500)).max(500).default([]) }),
    output: z.object({ pair: DuelPairSchema.nullable(), judgements: z.number().int() }),
  },
  'leaderboard.get': { input: z.object({ scope: LeaderboardScopeSchema }), output: LeaderboardSchema },
  /** The cells behind some library images, so any selection or search result can be shown as a grid. */
  'grid.cellsOfImages': {
    input: z.object({ imageIds: z.array(z.string().min(1).max(200)).min(1).max(2000) }),
    output: z.object({ cells: z.array(CellViewSchema) }),
  },
} as const
