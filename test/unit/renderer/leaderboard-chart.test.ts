import { describe, expect, it } from 'vitest'
import type { Standing } from '@shared/contracts/picks'
import {
  axisFor,
  forestRows,
  formatStrength,
  tickLabel,
  ticksFor,
  verdictOf,
  xOf,
} from '../../../src/renderer/src/model/forest-plot'
import { callScope, duelActionOf, moveItem, pairKey, placeAt } from '../../../src/renderer/src/model/judging'
import { isNewHistoryEntry, parseRoute, routeToSearch, type Route } from '../../../src/renderer/src/model/route'

function standing(styleName: string, strength: number, low: number, high: number, rank = 1): Standing {
  return {
    rank,
    styleId: `id-${styleName}`,
    styleName,
    strength,
    low,
    high,
    beatsAverage: strength / (strength + 1),
    wins: 0,
    losses: 0,
    ties: 0,
    judgements: 0,
    winRate: null,
  }
}

describe('forest plot scales', () => {
  it('spans at least 0.5–2 around 1, and holds every interval', () => {
    expect(axisFor([])).toEqual({ lo: 0.5, hi: 2 })
    expect(axisFor([standing('A', 1.1, 0.9, 1.3)])).toEqual({ lo: 0.5, hi: 2 })
    expect(axisFor([standing('A', 3, 1.5, 6), standing('B', 0.3, 0.1, 0.8)])).toEqual({ lo: 0.1, hi: 6 })
  })

  it('caps huge or infinite intervals at 1/64–64', () => {
    expect(axisFor([standing('A', 1, 0, Number.POSITIVE_INFINITY)])).toEqual({ lo: 1 / 64, hi: 64 })
    expect(axisFor([standing('A', 1, 1e-9, 1e9)])).toEqual({ lo: 1 / 64, hi: 64 })
  })

  it('is logarithmic: 1 sits in the middle of a symmetric axis, and twice / half are equally far', () => {
    const axis = { lo: 0.25, hi: 4 }
    expect(xOf(axis, 1, 400)).toBeCloseTo(200)
    expect(xOf(axis, 2, 400) - xOf(axis, 1, 400)).toBeCloseTo(xOf(axis, 1, 400) - xOf(axis, 0.5, 400))
    expect(xOf(axis, 0.25, 400)).toBeCloseTo(0)
    expect(xOf(axis, 100, 400)).toBeCloseTo(400)
  })

  it('ticks at powers of two, every other one on a wide axis, always through 1', () => {
    expect(ticksFor({ lo: 0.5, hi: 2 })).toEqual([0.5, 1, 2])
    expect(ticksFor({ lo: 0.1, hi: 6 })).toEqual([0.125, 0.25, 0.5, 1, 2, 4])
    expect(ticksFor({ lo: 1 / 64, hi: 64 })).toEqual([1 / 64, 1 / 16, 0.25, 1, 4, 16, 64])
    expect(ticksFor({ lo: 1 / 64, hi: 64 }, 4)).toEqual([1 / 16, 1, 16])
  })

  it('labels ticks below 1 as fractions', () => {
    expect([0.125, 0.5, 1, 4].map(tickLabel)).toEqual(['1/8', '1/2', '1', '4'])
  })

  it('formats strengths briefly', () => {
    expect(formatStrength(1)).toBe('1')
    expect(formatStrength(2.345)).toBe('2.35')
    expect(formatStrength(0.25)).toBe('0.25')
    expect(formatStrength(0.0156)).toBe('0.016')
    expect(formatStrength(16)).toBe('16')
    expect(formatStrength(Number.POSITIVE_INFINITY)).toBe('∞')
  })

  it('colours by whether the interval excludes 1', () => {
    expect(verdictOf({ low: 1.2, high: 3 })).toBe('better')
    expect(verdictOf({ low: 0.2, high: 0.9 })).toBe('worse')
    expect(verdictOf({ low: 0.8, high: 1.4 })).toBe('unsure')
  })

  it('lays out rows with dots inside their bars and marks bars cut by the axis', () => {
    const axis = { lo: 0.25, hi: 4 }
    const [a, b] = forestRows([standing('A', 2, 1.5, 9), standing('B', 0.5, 0.3, 0.7, 2)], axis, 400)
    expect(a!.x1).toBeLessThan(a!.x)
    expect(a!.x).toBeLessThan(a!.x2)
    expect(a!.cutHigh).toBe(true)
    expect(a!.cutLow).toBe(false)
    expect(a!.verdict).toBe('better')
    expect(b!.verdict).toBe('worse')
    expect(b!.rank).toBe(2)
  })
})

describe('duel and ranking helpers', () => {
  it('map the arrow keys to duel actions', () => {
    expect(['ArrowLeft', 'ArrowRight', 'ArrowDown', 'ArrowUp', 'x'].map(duelActionOf)).toEqual([
      'left',
      'right',
      'tie',
      'skip',
      null,
    ])
  })

  it('name a skipped pair the same whichever side each cell was on', () => {
    expect(pairKey('c2', 'c1')).toBe(pairKey('c1', 'c2'))
    expect(pairKey('c1', 'c2')).toBe('c1|c2')
  })

  it('move an item to a numbered place, and by steps', () => {
    expect(placeAt(['a', 'b', 'c', 'd'], 'd', 1)).toEqual(['d', 'a', 'b', 'c'])
    expect(placeAt(['a', 'b', 'c', 'd'], 'a', 3)).toEqual(['b', 'c', 'a', 'd'])
    expect(placeAt(['a', 'b', 'c'], 'a', 9)).toEqual(['b', 'c', 'a'])
    expect(placeAt(['a', 'b'], 'z', 1)).toEqual(['a', 'b'])
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b'])
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
  })
})

describe('the scope a call takes', () => {
  it('maps a batch and the library as they are, and a selection to its cells', () => {
    expect(callScope({ kind: 'batch', batchId: 'b' }, [])).toEqual({ kind: 'batch', batchId: 'b' })
    expect(callScope({ kind: 'library' }, ['c1'])).toEqual({ kind: 'library' })
    expect(callScope({ kind: 'selection' }, ['c1', 'c2'])).toEqual({ kind: 'selection', cellIds: ['c1', 'c2'] })
  })

  it('has no scope for a selection the window no longer holds', () => {
    expect(callScope({ kind: 'selection' }, [])).toBeNull()
  })
})

describe('leaderboard and duel routes', () => {
  const routes: Route[] = [
    { view: 'leaderboard', scope: { kind: 'batch', batchId: 'b-1' } },
    { view: 'leaderboard', scope: { kind: 'library' } },
    { view: 'leaderboard', scope: { kind: 'selection' } },
    { view: 'duel', scope: { kind: 'batch', batchId: 'b-2' } },
    { view: 'duel', scope: { kind: 'library' } },
  ]

  it('round-trip through the URL', () => {
    for (const route of routes) expect(parseRoute(routeToSearch(route))).toEqual(route)
    expect(routeToSearch(routes[0]!)).toBe('?view=leaderboard&batch=b-1')
    expect(routeToSearch(routes[1]!)).toBe('?view=leaderboard&scope=library')
    expect(routeToSearch(routes[3]!)).toBe('?view=duel&batch=b-2')
  })

  it('default to the library when the URL names no scope', () => {
    expect(parseRoute('?view=duel')).toEqual({ view: 'duel', scope: { kind: 'library' } })
    expect(parseRoute('?view=leaderboard&scope=nonsense')).toEqual({ view: 'leaderboard', scope: { kind: 'library' } })
  })

  it('record a history entry for a new scope or view, not for the same place', () => {
    expect(isNewHistoryEntry(routes[0]!, routes[1]!)).toBe(true)
    expect(isNewHistoryEntry(routes[0]!, routes[3]!)).toBe(true)
    expect(isNewHistoryEntry(routes[1]!, { view: 'leaderboard', scope: { kind: 'library' } })).toBe(false)
    expect(isNewHistoryEntry({ view: 'batch', batchId: 'b-1' }, routes[0]!)).toBe(true)
  })
})
