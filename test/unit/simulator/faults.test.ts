import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CONTENT_BLOCK_REASONS,
  draw,
  drawGetFault,
  drawImageFault,
  drawLatencySeconds,
  drawOutcome,
  GENERIC_FAILURE_REASONS,
  hashString,
  mulberry32,
} from '../../../src/simulator/faults'

describe('seeded randomness', () => {
  it('mulberry32 repeats for the same seed, differs for another, and stays in [0, 1)', () => {
    const take = (seed: number): number[] => {
      const r = mulberry32(seed)
      return Array.from({ length: 50 }, () => r())
    }
    expect(take(7)).toEqual(take(7))
    expect(take(7)).not.toEqual(take(8))
    fc.assert(fc.property(fc.integer(), (seed) => take(seed).every((v) => v >= 0 && v < 1)))
  })

  it('hashString is stable and spreads nearby strings', () => {
    expect(hashString('a|b|1')).toBe(hashString('a|b|1'))
    expect(hashString('a|b|1')).not.toBe(hashString('a|b|2'))
  })

  it('draw: rate 0 never, rate 1 always, and roughly the rate in between', () => {
    const r = mulberry32(1)
    for (let i = 0; i < 100; i++) {
      expect(draw(r, 0)).toBe(false)
      expect(draw(r, 1)).toBe(true)
    }
    let hits = 0
    for (let i = 0; i < 10_000; i++) if (draw(r, 0.3)) hits++
    expect(hits).toBeGreaterThan(2700)
    expect(hits).toBeLessThan(3300)
  })

  it('latency is never below 1 s and centres on the mean', () => {
    const r = mulberry32(3)
    const samples = Array.from({ length: 5000 }, () => drawLatencySeconds(r, 40, 4))
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1)
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length
    expect(mean).toBeGreaterThan(39)
    expect(mean).toBeLessThan(41)
    expect(drawLatencySeconds(r, 0.2, 0)).toBe(1)
    expect(drawLatencySeconds(r, 12, 0)).toBe(12)
  })
})

describe('fault draws', () => {
  it('picks the harsher GET fault when several are certain', () => {
    const r = mulberry32(1)
    expect(drawGetFault(r, { getReset: 1, getTimeout: 1, get5xx: 1 })).toBe('reset')
    expect(drawGetFault(r, { getReset: 0, getTimeout: 1, get5xx: 1 })).toBe('timeout')
    expect(drawGetFault(r, { getReset: 0, getTimeout: 0, get5xx: 1 })).toBe('5xx')
    expect(drawGetFault(r, { getReset: 0, getTimeout: 0, get5xx: 0 })).toBeNull()
    expect(drawImageFault(r, { imageReset: 0, corruptImage: 1, truncatedImage: 1 })).toBe('corrupt')
    expect(drawImageFault(r, { imageReset: 0, corruptImage: 0, truncatedImage: 1 })).toBe('truncated')
    expect(drawImageFault(r, { imageReset: 0, corruptImage: 0, truncatedImage: 0 })).toBeNull()
  })

  it('outcomes carry a reason from the right list, content blocks flagged', () => {
    const r = mulberry32(5)
    const blocked = drawOutcome(r, { failed: 1, contentBlocked: 1 })
    expect(
      blocked.kind === 'failed' &&
        blocked.contentBlocked &&
        (CONTENT_BLOCK_REASONS as readonly string[]).includes(blocked.reason),
    ).toBe(true)
    const failed = drawOutcome(r, { failed: 1, contentBlocked: 0 })
    expect(
      failed.kind === 'failed' &&
        !failed.contentBlocked &&
        (GENERIC_FAILURE_REASONS as readonly string[]).includes(failed.reason),
    ).toBe(true)
    expect(drawOutcome(r, { failed: 0, contentBlocked: 0 })).toEqual({ kind: 'ok' })
  })
})
