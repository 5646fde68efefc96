import { describe, expect, it } from 'vitest'
import { RequestBudget } from '../../../src/main/scheduler/budget'

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start
  return { now: () => t, advance: (ms) => (t += ms) }
}

const WINDOW = 60_000

describe('RequestBudget: token bucket + sliding window', () => {
  it('starts with a burst of a tenth of the window allowance, then refills at rpm per window', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 50, windowMs: WINDOW, now: c.now, random: () => 0 })
    let taken = 0
    while (b.tryTake()) taken++
    expect(taken).toBe(5)
    expect(b.waitMs()).toBe(1200) // one token per 60 000 / 50 ms
    c.advance(1199)
    expect(b.tryTake()).toBe(false)
    c.advance(1)
    expect(b.tryTake()).toBe(true)
  })

  it('never lets more than rpm requests into any window-long span', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 10, windowMs: WINDOW, now: c.now, random: () => 0 })
    const sent: number[] = []
    for (let step = 0; step < 3 * WINDOW; step += 250) {
      while (b.tryTake()) sent.push(c.now())
      c.advance(250)
    }
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent.filter((t) => t >= sent[i]! && t < sent[i]! + WINDOW).length
      expect(inWindow).toBeLessThanOrEqual(10)
    }
    expect(sent.length).toBeGreaterThanOrEqual(28)
  })

  it('reports utilization of the last window', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 20, windowMs: WINDOW, now: c.now, random: () => 0 })
    expect(b.utilization()).toBe(0)
    b.tryTake()
    b.tryTake()
    expect(b.utilization()).toBeCloseTo(0.1)
    c.advance(WINDOW + 1)
    expect(b.utilization()).toBe(0)
  })
})

describe('RequestBudget: binding signal', () => {
  it('remembers when it last held a request back, for a window', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 5, windowMs: WINDOW, now: c.now, random: () => 0 })
    expect(b.perWindow).toBe(5)
    expect(b.tryTake()).toBe(true)
    expect(b.refusedWithin(WINDOW)).toBe(false)
    expect(b.tryTake()).toBe(false)
    expect(b.refusedWithin(WINDOW)).toBe(true)
    c.advance(WINDOW)
    expect(b.refusedWithin(WINDOW)).toBe(false)
  })

  it('a 429 hold is the server, not the budget: it does not count as a refusal', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 50, windowMs: WINDOW, now: c.now, random: () => 0 })
    b.onRateLimited(c.now() + 10_000)
    expect(b.tryTake()).toBe(false)
    expect(b.refusedWithin(WINDOW)).toBe(false)
  })
})

describe('RequestBudget: AIMD', () => {
  it('a 429 holds every request until the reset (plus jitter) and halves the rate', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 40, windowMs: WINDOW, now: c.now, random: () => 0.5 })
    b.onRateLimited(c.now() + 10_000)
    expect(b.effectiveRpm).toBe(20)
    expect(b.isOpen()).toBe(false)
    expect(b.rateLimitedUntil).toBe(c.now() + 10_000 + 3000) // jitter: 0.5 * 10% of the window
    expect(b.tryTake()).toBe(false)
    c.advance(13_000)
    expect(b.isOpen()).toBe(true)
    expect(b.rateLimitedUntil).toBeNull()
  })

  it('halves at most once per window, however many 429s arrive together', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 40, windowMs: WINDOW, now: c.now, random: () => 0 })
    b.onRateLimited(c.now() + 1000)
    b.onRateLimited(c.now() + 1000)
    b.onRateLimited(c.now() + 1000)
    expect(b.effectiveRpm).toBe(20)
    c.advance(WINDOW)
    b.onRateLimited(c.now() + 1000)
    expect(b.effectiveRpm).toBe(10)
  })

  it('probes back up additively: twenty successes undo one halving, never past the configured rate', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 40, windowMs: WINDOW, now: c.now, random: () => 0 })
    b.onRateLimited(c.now() + 1000)
    for (let i = 0; i < 10; i++) b.onSuccess()
    expect(b.effectiveRpm).toBe(30)
    for (let i = 0; i < 100; i++) b.onSuccess()
    expect(b.effectiveRpm).toBe(40)
  })

  it('never drops below one request per window', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 4, windowMs: WINDOW, now: c.now, random: () => 0 })
    for (let i = 0; i < 10; i++) {
      b.onRateLimited(c.now() + 1000)
      c.advance(WINDOW)
    }
    expect(b.effectiveRpm).toBe(1)
  })

  it('ignores a reset time that is in the past or absurdly far, and waits a quarter window instead', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 10, windowMs: WINDOW, now: c.now, random: () => 0 })
    b.onRateLimited(c.now() - 5000)
    expect(b.rateLimitedUntil).toBe(c.now() + WINDOW / 4)
    const b2 = new RequestBudget({ rpm: 10, windowMs: WINDOW, now: c.now, random: () => 0 })
    b2.onRateLimited(c.now() + 10 * WINDOW)
    expect(b2.rateLimitedUntil).toBe(c.now() + WINDOW / 4)
  })

  it('x-rate-limit-remaining 0 waits for the reset without slowing down', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 10, windowMs: WINDOW, now: c.now, random: () => 0 })
    b.onRemaining(0, c.now() + 2000)
    expect(b.isOpen()).toBe(false)
    expect(b.effectiveRpm).toBe(10)
    b.onRemaining(3, c.now() + 9000)
    expect(b.rateLimitedUntil).toBe(c.now() + 2000)
  })

  it('a new configured rate takes effect at once', () => {
    const c = clock()
    const b = new RequestBudget({ rpm: 5, windowMs: WINDOW, now: c.now, random: () => 0 })
    b.setRpm(50)
    expect(b.effectiveRpm).toBe(50)
    b.onRateLimited(c.now() + 1)
    b.setRpm(100)
    expect(b.effectiveRpm).toBe(25)
  })
})
