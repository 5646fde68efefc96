import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fitLeaderboard, invert, rankStandings, squareOf, type Judgement } from '@shared/domain/leaderboard'

/** xs[i], failing the test loudly instead of reading undefined. */
function nth<T>(xs: readonly T[] | undefined, i: number): T {
  const x = xs?.[i]
  if (x === undefined) throw new Error(`no element ${i}`)
  return x
}

function games(winner: string, loser: string, count: number, tie = false): Judgement[] {
  return Array.from({ length: count }, () => ({ winner, loser, tie }))
}

/**
 * The 1987 American League East season, the worked example of Bradley-Terry in Agresti, Categorical Data
 * Analysis (2nd ed., section 10.6): each pair of teams played 13 games. wins[i][j] = games i won against j.
 */
const TEAMS = ['Milwaukee', 'Detroit', 'Toronto', 'New York', 'Boston', 'Cleveland', 'Baltimore']
const WINS = [
  [0, 7, 9, 7, 7, 9, 11],
  [6, 0, 7, 5, 11, 9, 9],
  [4, 6, 0, 7, 7, 8, 12],
  [6, 8, 6, 0, 6, 7, 10],
  [6, 2, 6, 7, 0, 7, 12],
  [4, 4, 5, 6, 6, 0, 6],
  [2, 4, 1, 3, 1, 7, 0],
]
/** Agresti's fitted log-abilities with Baltimore fixed at 0. */
const AGRESTI = [1.5814, 1.4364, 1.2945, 1.2476, 1.1077, 0.6839, 0]

describe('Bradley-Terry leaderboard', () => {
  it('reproduces the published maximum-likelihood fit of the 1987 AL East season', () => {
    const picks = TEAMS.flatMap((a, i) => TEAMS.flatMap((b, j) => games(a, b, nth(nth(WINS, i), j))))
    const standings = fitLeaderboard(TEAMS, picks, { prior: 0 })
    const base = nth(standings, 6).theta
    standings.forEach((s, i) => expect(s.theta - base).toBeCloseTo(nth(AGRESTI, i), 3))
    expect(rankStandings(standings).map((s) => s.style)).toEqual(TEAMS)
    // Every pair played 13: 78 games per team.
    for (const s of standings) expect(s.judgements).toBe(78)
  })

  it('matches the closed form for two styles without a prior: p_A / p_B = wins_A / wins_B', () => {
    const picks = [...games('A', 'B', 6), ...games('B', 'A', 2)]
    const standings = fitLeaderboard(['A', 'B'], picks, { prior: 0 })
    const a = nth(standings, 0)
    const b = nth(standings, 1)
    expect(a.strength / b.strength).toBeCloseTo(3, 6)
    expect(a.winRate).toBe(0.75)
  })

  it('keeps one judgement from making a style infinitely good', () => {
    const one = fitLeaderboard(['A', 'B'], games('A', 'B', 1))
    const a = nth(one, 0)
    const b = nth(one, 1)
    expect(Number.isFinite(a.strength)).toBe(true)
    expect(a.strength).toBeGreaterThan(1)
    expect(b.strength).toBeLessThan(1)
    // With one virtual win and loss each against an average style, one pick is modest evidence.
    expect(a.strength / b.strength).toBeLessThan(3)
    expect(a.low).toBeLessThan(1)
    expect(a.high).toBeGreaterThan(1)
  })

  it('places a style never judged at the average with a wide interval and no win rate', () => {
    const standings = fitLeaderboard(['A', 'B', 'Never'], [...games('A', 'B', 20), ...games('B', 'A', 5)])
    const never = nth(standings, 2)
    expect(never.strength).toBeCloseTo(1, 6)
    expect(never.judgements).toBe(0)
    expect(never.winRate).toBeNull()
    expect(never.high / never.low).toBeGreaterThan(nth(standings, 0).high / nth(standings, 0).low)
  })

  it('counts a tie as half a win for each side: all ties leave both at the average', () => {
    const standings = fitLeaderboard(['A', 'B'], games('A', 'B', 10, true))
    expect(nth(standings, 0).strength).toBeCloseTo(1, 9)
    expect(nth(standings, 1).strength).toBeCloseTo(1, 9)
    expect(nth(standings, 0).ties).toBe(10)
    expect(nth(standings, 0).winRate).toBe(0.5)
  })

  it('narrows the interval as judgements accumulate', () => {
    const few = nth(fitLeaderboard(['A', 'B'], [...games('A', 'B', 3), ...games('B', 'A', 1)]), 0)
    const many = nth(fitLeaderboard(['A', 'B'], [...games('A', 'B', 300), ...games('B', 'A', 100)]), 0)
    expect(many.high / many.low).toBeLessThan(few.high / few.low)
    expect(many.low).toBeGreaterThan(1)
  })

  it('ranks the style picked most first', () => {
    const picks = [
      ...games('Realistic', 'Medieval', 5),
      ...games('Realistic', 'Grunge', 4),
      ...games('Grunge', 'Medieval', 2),
    ]
    const ranked = rankStandings(fitLeaderboard(['Medieval', 'Grunge', 'Realistic'], picks))
    expect(ranked.map((s) => s.style)).toEqual(['Realistic', 'Grunge', 'Medieval'])
  })

  it('ignores a style compared with itself and adds styles seen only in picks', () => {
    const standings = fitLeaderboard(
      ['A'],
      [
        { winner: 'A', loser: 'A' },
        { winner: 'B', loser: 'A' },
      ],
    )
    expect(standings.map((s) => s.style)).toEqual(['A', 'B'])
    expect(nth(standings, 0).judgements).toBe(1)
  })

  it('is symmetric: swapping every outcome mirrors the strengths (property)', () => {
    const style = fc.constantFrom('A', 'B', 'C', 'D')
    const pick = fc.record({ winner: style, loser: style, tie: fc.boolean() })
    fc.assert(
      fc.property(fc.array(pick, { maxLength: 40 }), (picks) => {
        const styles = ['A', 'B', 'C', 'D']
        const fwd = fitLeaderboard(styles, picks)
        const back = fitLeaderboard(
          styles,
          picks.map((p) => ({ winner: p.loser, loser: p.winner, tie: p.tie })),
        )
        fwd.forEach((s, i) => {
          expect(Number.isFinite(s.theta)).toBe(true)
          expect(s.theta).toBeCloseTo(-nth(back, i).theta, 6)
          expect(s.low).toBeLessThanOrEqual(s.strength)
          expect(s.high).toBeGreaterThanOrEqual(s.strength)
        })
      }),
      { numRuns: 150 },
    )
  })

  it('inverts a matrix and refuses a singular one', () => {
    const inv = invert(
      squareOf([
        [4, 7],
        [2, 6],
      ]),
    )
    expect(inv?.get(0, 0)).toBeCloseTo(0.6, 9)
    expect(inv?.get(0, 1)).toBeCloseTo(-0.7, 9)
    expect(inv?.get(1, 0)).toBeCloseTo(-0.2, 9)
    expect(inv?.get(1, 1)).toBeCloseTo(0.4, 9)
    expect(
      invert(
        squareOf([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toBeNull()
  })
})
