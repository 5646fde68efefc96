import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fullJitterBackoff, withJitter } from '../../../src/main/scheduler/backoff'

describe('fullJitterBackoff', () => {
  it('stays within [0, min(cap, base * 2^(n-1))]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const ms = fullJitterBackoff(n, 1000, 60_000, () => r)
        expect(ms).toBeGreaterThanOrEqual(0)
        expect(ms).toBeLessThanOrEqual(Math.min(60_000, 1000 * 2 ** (n - 1)))
      }),
    )
  })

  it('grows exponentially until the cap', () => {
    const top = (n: number) => fullJitterBackoff(n, 1000, 60_000, () => 0.999999)
    expect(top(1)).toBe(999)
    expect(top(2)).toBe(1999)
    expect(top(4)).toBe(7999)
    expect(top(10)).toBe(59_999)
  })

  it('withJitter only lengthens, by at most the fraction', () => {
    expect(withJitter(1000, 0.1, () => 0)).toBe(1000)
    expect(withJitter(1000, 0.1, () => 0.999)).toBe(1100)
  })
})
