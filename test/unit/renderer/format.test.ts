import { describe, expect, it } from 'vitest'
import { COST_PER_IMAGE } from '@shared/catalog'
import { formatDuration, formatEstimate, formatMoney, formatWhen, plural } from '../../../src/renderer/src/model/format'

describe('format', () => {
  it('writes the estimate line the compose footer shows', () => {
    expect(formatEstimate({ cells: 4, cost: 4 * COST_PER_IMAGE, seconds: 62, requests: 4 })).toBe(
      '4 images · $0.87 · about 1 min',
    )
    expect(formatEstimate({ cells: 1, cost: COST_PER_IMAGE, seconds: 40, requests: 1 })).toBe(
      '1 image · $0.22 · about 1 min',
    )
  })

  it('rounds money to cents, thousands and all', () => {
    expect(formatMoney(0)).toBe('$0.00')
    expect(formatMoney(2175)).toBe('$2,175.00')
    expect(formatMoney(0.005)).toBe('$0.01')
  })

  it('keeps durations coarse', () => {
    expect(formatDuration(0)).toBe('moments')
    expect(formatDuration(Number.NaN)).toBe('moments')
    expect(formatDuration(10)).toBe('a few seconds')
    expect(formatDuration(89)).toBe('about 1 min')
    expect(formatDuration(150)).toBe('about 3 min')
    expect(formatDuration(3600)).toBe('about 1 h')
    expect(formatDuration(3600 + 25 * 60)).toBe('about 1 h 25 min')
  })

  it('pluralises with thousands separators', () => {
    expect(plural(1, 'prompt')).toBe('1 prompt')
    expect(plural(0, 'prompt')).toBe('0 prompts')
    expect(plural(12000, 'cell')).toBe('12,000 cells')
  })

  it('says how long ago a batch was made', () => {
    // Local time, so the test reads the same in every time zone.
    const now = new Date(2025, 5, 3, 14, 30).getTime()
    expect(formatWhen(now - 5_000, now)).toBe('just now')
    expect(formatWhen(now - 5 * 60_000, now)).toBe('5 min ago')
    expect(formatWhen(new Date(2025, 5, 3, 9, 5).getTime(), now)).toBe('today, 09:05')
    expect(formatWhen(now - 3 * 86_400_000, now)).toMatch(/^31 May, \d\d:\d\d$/)
  })
})
