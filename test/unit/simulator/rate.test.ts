import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../../src/simulator/rate'

describe('RateLimiter (fixed window per key)', () => {
  it('allows `limit` requests per window, counts down remaining, then refuses until the window closes', () => {
    const r = new RateLimiter()
    expect(r.take('k', 1000, 3, 60_000)).toEqual({ allowed: true, remaining: 2, resetAt: 61_000 })
    expect(r.take('k', 2000, 3, 60_000)).toEqual({ allowed: true, remaining: 1, resetAt: 61_000 })
    expect(r.take('k', 3000, 3, 60_000)).toEqual({ allowed: true, remaining: 0, resetAt: 61_000 })
    expect(r.take('k', 4000, 3, 60_000)).toEqual({ allowed: false, remaining: 0, resetAt: 61_000 })
    expect(r.take('k', 61_000, 3, 60_000)).toEqual({ allowed: true, remaining: 2, resetAt: 121_000 })
  })

  it('keeps keys apart and treats limit 0 as unlimited', () => {
    const r = new RateLimiter()
    expect(r.take('a', 0, 1, 1000).allowed).toBe(true)
    expect(r.take('a', 1, 1, 1000).allowed).toBe(false)
    expect(r.take('b', 1, 1, 1000).allowed).toBe(true)
    for (let i = 0; i < 100; i++) expect(r.take('c', i, 0, 1000).allowed).toBe(true)
  })

  it('peek reports the budget without spending it', () => {
    const r = new RateLimiter()
    expect(r.peek('k', 0, 5, 1000)).toEqual({ remaining: 5, resetAt: 1000 })
    r.take('k', 10, 5, 1000)
    expect(r.peek('k', 20, 5, 1000)).toEqual({ remaining: 4, resetAt: 1010 })
    expect(r.peek('k', 20, 5, 1000)).toEqual({ remaining: 4, resetAt: 1010 })
    expect(r.peek('k', 2000, 5, 1000)).toEqual({ remaining: 5, resetAt: 3000 })
  })

  it('never allows more than `limit` in any one window (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }),
        (limit, gaps) => {
          const r = new RateLimiter()
          let now = 0
          const allowedPerWindow = new Map<number, number>()
          for (const gap of gaps) {
            now += gap
            const d = r.take('k', now, limit, 100)
            if (d.allowed) allowedPerWindow.set(d.resetAt, (allowedPerWindow.get(d.resetAt) ?? 0) + 1)
          }
          for (const count of allowedPerWindow.values()) expect(count).toBeLessThanOrEqual(limit)
        },
      ),
    )
  })
})
