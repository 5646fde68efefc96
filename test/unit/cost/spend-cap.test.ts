import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  batchCapMessage,
  committedSpend,
  nextSubmitPassesCap,
  startOfLocalDay,
} from '../../../src/main/scheduler/spend-cap'

describe('budget cap rule', () => {
  it('lets the image that lands exactly on the cap through, and refuses the one after', () => {
    // 3 x 0.2175 = 0.6525 in floating point is 0.6524999…; the cap must still allow the third image.
    expect(nextSubmitPassesCap({ spent: 0.435, onServer: 0, price: 0.2175, cap: 0.6525 })).toBe(false)
    expect(nextSubmitPassesCap({ spent: 0.6525, onServer: 0, price: 0.2175, cap: 0.6525 })).toBe(true)
  })

  it('counts jobs already on the server as spent', () => {
    expect(nextSubmitPassesCap({ spent: 0, onServer: 2, price: 0.25, cap: 0.75 })).toBe(false)
    expect(nextSubmitPassesCap({ spent: 0, onServer: 3, price: 0.25, cap: 0.75 })).toBe(true)
    expect(committedSpend({ spent: 0.5, onServer: 2, price: 0.25 })).toBe(1)
  })

  it('no cap never refuses; a cap below one image refuses the first', () => {
    expect(nextSubmitPassesCap({ spent: 1e6, onServer: 1e3, price: 1, cap: null })).toBe(false)
    expect(nextSubmitPassesCap({ spent: 0, onServer: 0, price: 0.2175, cap: 0.2 })).toBe(true)
  })

  it('submitting until refused never ends above the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }).map((c) => c / 100),
        fc.integer({ min: 1, max: 100 }).map((p) => p / 100),
        (cap, price) => {
          let spent = 0
          let n = 0
          while (!nextSubmitPassesCap({ spent, onServer: 0, price, cap }) && n < 100_000) {
            spent += price
            n++
          }
          expect(spent).toBeLessThanOrEqual(cap + 1e-6)
          expect(spent + price).toBeGreaterThan(cap - 1e-6)
        },
      ),
    )
  })

  it('says the cap, the spend and what to do, in dollars', () => {
    const m = batchCapMessage({ spent: 1, onServer: 1, price: 0.25, cap: 1.25 })
    expect(m).toBe(
      'Paused by its budget cap of $1.25: $1.25 is spent or on the way, and the next image ($0.25) would pass the cap. Raise the cap or remove it to go on.',
    )
  })

  it('the daily cap counts from local midnight', () => {
    const now = new Date(2026, 11, 1, 15, 30).getTime()
    expect(startOfLocalDay(now)).toBe(new Date(2026, 11, 1).getTime())
  })
})
