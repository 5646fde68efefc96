import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import type { CellView } from '@shared/domain'
import { AppError } from '@shared/errors'
import { createCore, type Core } from '../../../src/main/core'
import { FAST_DEMO, matrix, readDb, tempHome } from '../core/helpers'

/** Handlers may throw before returning a promise; this turns either into a rejection. */
const later = async <T>(fn: () => T): Promise<Awaited<T>> => await fn()

const STYLES = SOUL_STYLES.slice(0, 4).map((s) => s.id)
const [A, B, C, D] = STYLES as [string, string, string, string]

describe('picks and the style leaderboard (real core, demo simulator, real SQLite)', () => {
  let core: Core
  let cleanup = (): void => {}
  let batchId = ''
  let rows: CellView[][] = []
  const cellOf = (row: number, style: string): CellView => rows[row]!.find((c) => c.styleId === style)!
  const ids = (row: number): string[] => rows[row]!.map((c) => c.id)

  beforeAll(async () => {
    const t = tempHome('picks')
    cleanup = t.cleanup
    core = await createCore({ home: t.home, demo: FAST_DEMO, settings: { rpm: 6000, concurrency: 4 } })
    const made = await core.handlers['batch.create']({
      matrix: matrix(['picks red fox', 'picks blue whale', 'picks green owl'], STYLES),
    })
    batchId = made.batchId
    await core.waitForIdle()
    const detail = await core.handlers['batch.get']({ batchId })
    expect(detail.batch.counts).toEqual({ saved: 12 })
    rows = [0, 1, 2].map((p) => detail.cells.filter((c) => c.promptIndex === p))
  })
  afterAll(async () => {
    await core.close()
    cleanup()
  })

  const board = (scope: Parameters<Core['handlers']['leaderboard.get']>[0]['scope'] = { kind: 'batch', batchId }) =>
    core.handlers['leaderboard.get']({ scope })

  it('a row winner beats every other style of its row; a new pick replaces it; undo takes it back', async () => {
    const first = await core.handlers['picks.pickWinner']({ winnerCellId: cellOf(0, C).id, rowCellIds: ids(0) })
    expect(first.judgements).toBe(3)
    let winners = await core.handlers['picks.rowWinners']({ cellIds: ids(0) })
    expect(winners.winners.map((w) => w.winnerCellId)).toEqual([cellOf(0, C).id])

    const second = await core.handlers['picks.pickWinner']({ winnerCellId: cellOf(0, D).id, rowCellIds: ids(0) })
    expect((await board()).judgements).toBe(3) // replaced, not added
    winners = await core.handlers['picks.rowWinners']({ cellIds: ids(0) })
    expect(winners.winners).toMatchObject([{ winnerCellId: cellOf(0, D).id, method: 'pick', groupId: second.groupId }])

    expect((await core.handlers['picks.undo']({ groupId: second.groupId })).removed).toBe(3)
    expect((await board()).judgements).toBe(0)
    expect((await core.handlers['picks.rowWinners']({ cellIds: ids(0) })).winners).toEqual([])
    await expect(later(() => core.handlers['picks.undo']({ groupId: second.groupId }))).rejects.toThrow(
      /already taken back/,
    )
  })

  it('the style picked most ranks first, on the batch, the library and a selection of its rows', async () => {
    for (const r of [0, 1, 2])
      await core.handlers['picks.pickWinner']({ winnerCellId: cellOf(r, B).id, rowCellIds: ids(r) })
    // One ranking: row 2 ranked B, A, D, C (replaces its pick): 6 judgements.
    const ranked = await core.handlers['picks.rankRow']({
      rankedCellIds: [cellOf(2, B).id, cellOf(2, A).id, cellOf(2, D).id, cellOf(2, C).id],
    })
    expect(ranked.judgements).toBe(6)
    const lb = await board()
    expect(lb.judgements).toBe(3 + 3 + 6)
    expect(lb.rowsJudged).toBe(3)
    expect(lb.standings.map((s) => s.styleId)).toHaveLength(4)
    const top = lb.standings[0]!
    expect(top).toMatchObject({ rank: 1, styleId: B, styleName: SOUL_STYLES[1]!.name, wins: 9, losses: 0 })
    expect(top.winRate).toBe(1)
    // The prior keeps a perfect record finite, with an interval around it.
    expect(Number.isFinite(top.strength) && top.low < top.strength && top.strength < top.high).toBe(true)
    expect(lb.standings[1]!.styleId).toBe(A) // A beat D and C in the ranking

    expect((await board({ kind: 'library' })).standings[0]!.styleId).toBe(B)
    const sel = await board({ kind: 'selection', cellIds: ids(0) })
    expect(sel.judgements).toBe(3)
    expect(sel.standings.map((s) => s.styleId).sort()).toEqual([...STYLES].sort())

    const winners = await core.handlers['picks.rowWinners']({ cellIds: rows.flat().map((c) => c.id) })
    expect(new Set(winners.winners.map((w) => w.winnerCellId))).toEqual(new Set([0, 1, 2].map((r) => cellOf(r, B).id)))
    expect(winners.winners.find((w) => w.rowKey.endsWith(':2:0'))?.method).toBe('rank')
  })

  it('duels choose unjudged pairs of one row, honour skips, count ties, and run out', async () => {
    const before = (await board()).judgements
    const first = await core.handlers['picks.nextDuel']({ scope: { kind: 'batch', batchId }, skip: [] })
    const pair = first.pair!
    expect(pair.left.styleId).not.toBe(pair.right.styleId)
    expect(pair.left.promptIndex).toBe(pair.right.promptIndex)
    expect(pair.prompt).toMatch(/^picks /)
    const skipped = await core.handlers['picks.nextDuel']({
      scope: { kind: 'batch', batchId },
      skip: [`${pair.left.id}|${pair.right.id}`],
    })
    expect([skipped.pair!.left.id, skipped.pair!.right.id].sort()).not.toEqual([pair.left.id, pair.right.id].sort())

    await core.handlers['picks.duel']({ leftCellId: pair.left.id, rightCellId: pair.right.id, outcome: 'tie' })
    const tied = (await board()).standings.find((s) => s.styleId === pair.left.styleId)!
    expect(tied.ties).toBe(1)

    // 3 rows x 6 style pairs = 18 pairs; the ones already judged (by picks, rankings, the tie) are never offered.
    let duels = 1
    for (;;) {
      const next = await core.handlers['picks.nextDuel']({ scope: { kind: 'batch', batchId }, skip: [] })
      if (!next.pair) break
      await core.handlers['picks.duel']({
        leftCellId: next.pair.left.id,
        rightCellId: next.pair.right.id,
        outcome: 'left',
      })
      duels++
      expect(duels).toBeLessThanOrEqual(18)
    }
    const judgedPairs = readDb(
      core.home,
      (db) =>
        (
          db
            .prepare(
              `SELECT COUNT(DISTINCT min(winner_cell_id, loser_cell_id) || max(winner_cell_id, loser_cell_id)) AS n FROM judgements`,
            )
            .get() as { n: number }
        ).n,
    )
    expect(judgedPairs).toBe(18)
    expect((await board()).judgements).toBe(before + duels)
  })

  it('refuses what is not one row or not finished, in words', async () => {
    const mixed = [cellOf(0, A).id, cellOf(1, B).id]
    await expect(
      later(() => core.handlers['picks.pickWinner']({ winnerCellId: mixed[0]!, rowCellIds: mixed })),
    ).rejects.toThrow('These images are not one row: they were made from different prompts.')
    await expect(
      later(() => core.handlers['picks.pickWinner']({ winnerCellId: 'nope', rowCellIds: ['nope', cellOf(0, A).id] })),
    ).rejects.toSatisfy((e: unknown) => AppError.is(e, 'not_found'))
    await core.handlers['queue.pause']({})
    const pending = await core.handlers['batch.create']({ matrix: matrix(['picks pending cat'], [A, B]) })
    const cells = (await core.handlers['batch.get']({ batchId: pending.batchId })).cells
    await expect(
      later(() =>
        core.handlers['picks.pickWinner']({ winnerCellId: cells[0]!.id, rowCellIds: cells.map((c) => c.id) }),
      ),
    ).rejects.toThrow('The image you picked is not a finished image yet, so it cannot be judged.')
    await core.handlers['batch.cancel']({ batchId: pending.batchId })
    await core.handlers['queue.resume']({})
  })

  it('any images form a grid: their cells come back with their images', async () => {
    const imageIds = rows[1]!.map((c) => c.image!.id)
    const { cells } = await core.handlers['grid.cellsOfImages']({ imageIds: [...imageIds, 'gone'] })
    expect(cells.map((c) => c.id)).toEqual(ids(1))
    expect(cells.every((c) => c.image !== null)).toBe(true)
  })

  it('leaderboard and duel queries read indexes, not whole tables', () => {
    const plans = readDb(core.home, (db) => {
      const plan = (q: string, ...args: unknown[]): string =>
        (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n')
      return [
        plan(
          'SELECT winner_style, loser_style, tie, COUNT(*) FROM judgements WHERE batch_id = ? GROUP BY winner_style, loser_style, tie',
          batchId,
        ),
        plan(
          `SELECT a.id FROM cells a JOIN cells b ON b.style_id = ? AND b.batch_id = a.batch_id AND b.prompt_index = a.prompt_index
           AND b.seed_index = a.seed_index AND b.state = 'saved' WHERE a.style_id = ? AND a.state = 'saved' AND a.batch_id = ?`,
          A,
          B,
          batchId,
        ),
      ]
    })
    for (const p of plans) {
      expect(p).not.toMatch(/SCAN (judgements|cells|a|b)\b/)
      expect(p).not.toMatch(/TEMP B-TREE/)
    }
  })
})
