import { describe, expect, it } from 'vitest'
import { duelOrder } from '@shared/domain/duel'
import { fitLeaderboard } from '@shared/domain/leaderboard'

const key = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`)

describe('duelOrder: the next duel teaches the leaderboard most', () => {
  it('prefers close styles over a mismatch', () => {
    const order = duelOrder(
      [
        { style: 'a', strength: 4 },
        { style: 'b', strength: 1 },
        { style: 'c', strength: 1.1 },
      ],
      new Map(),
      key,
    )
    expect([order[0]!.a, order[0]!.b]).toEqual(['b', 'c'])
    // a vs b: p = 0.8, information 4 * 0.8 * 0.2 = 0.64 of a coin flip's.
    expect(order.find((p) => p.a === 'a' && p.b === 'b')!.value).toBeCloseTo(0.64, 10)
  })

  it('prefers pairs judged less: information shrinks as 1 / (1 + n)', () => {
    const even = ['a', 'b', 'c'].map((style) => ({ style, strength: 1 }))
    const order = duelOrder(
      even,
      new Map([
        [key('a', 'b'), 3],
        [key('a', 'c'), 1],
      ]),
      key,
    )
    expect(order.map((p) => `${p.a}${p.b}`)).toEqual(['bc', 'ac', 'ab'])
    expect(order.map((p) => p.value)).toEqual([1, 0.5, 0.25])
  })

  it('is reproducible when every pair is equal, and has no pair for one style', () => {
    const even = ['x', 'y', 'z'].map((style) => ({ style, strength: 1 }))
    expect(duelOrder(even, new Map(), key).map((p) => `${p.a}${p.b}`)).toEqual(['xy', 'xz', 'yz'])
    expect(duelOrder([{ style: 'x', strength: 2 }], new Map(), key)).toEqual([])
  })
})

describe('grouped judgements fit as their repeats do', () => {
  it('count: n equals n copies of the judgement', () => {
    const grouped = fitLeaderboard(
      ['a', 'b', 'c'],
      [
        { winner: 'a', loser: 'b', count: 3 },
        { winner: 'b', loser: 'c', count: 2 },
        { winner: 'a', loser: 'c', tie: true, count: 2 },
      ],
    )
    const repeated = fitLeaderboard(
      ['a', 'b', 'c'],
      [
        ...Array.from({ length: 3 }, () => ({ winner: 'a', loser: 'b' })),
        ...Array.from({ length: 2 }, () => ({ winner: 'b', loser: 'c' })),
        ...Array.from({ length: 2 }, () => ({ winner: 'a', loser: 'c', tie: true })),
      ],
    )
    grouped.forEach((g, i) => {
      const r = repeated[i]!
      expect(g.style).toBe(r.style)
      expect(g.strength).toBeCloseTo(r.strength, 9)
      expect(g.low).toBeCloseTo(r.low, 9)
      expect([g.wins, g.losses, g.ties, g.judgements]).toEqual([r.wins, r.losses, r.ties, r.judgements])
    })
    expect(grouped[0]!.ties).toBe(2)
  })
})
