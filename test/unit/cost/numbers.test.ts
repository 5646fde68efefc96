import { describe, expect, it } from 'vitest'
import { countOf, formatCount, formatMoney, formatPrice } from '@shared/format/numbers'
import { estimateMatrix } from '@shared/domain/matrix'
import { MatrixSchema } from '@shared/domain'
import { SOUL_STYLES } from '@shared/catalog'

describe('the one number formatter', () => {
  it('money with thousands separators and cents', () => {
    expect(formatMoney(1087.5)).toBe('$1,087.50')
    expect(formatMoney(0.2175)).toBe('$0.22')
    expect(formatMoney(0)).toBe('$0.00')
    expect(formatMoney(-0.001)).toBe('$0.00')
    expect(formatMoney(1234567.891)).toBe('$1,234,567.89')
  })

  it('unit prices keep their four decimals', () => {
    expect(formatPrice(0.2175)).toBe('$0.2175')
    expect(formatPrice(0.2)).toBe('$0.20')
  })

  it('counts with their word', () => {
    expect(formatCount(4952)).toBe('4,952')
    expect(countOf(4952, 'cancelled', 'cancelled')).toBe('4,952 cancelled')
    expect(countOf(1, 'image')).toBe('1 image')
    expect(countOf(5000, 'image')).toBe('5,000 images')
  })
})

describe('the estimate', () => {
  const m = MatrixSchema.parse({
    prompts: Array.from({ length: 500 }, (_, i) => ({ prompt: `p${i}` })),
    styleIds: SOUL_STYLES.map((s) => s.id),
    width_and_height: '1152x1536',
  })
  const input = { rpm: 5, concurrency: 8, getsCountTowardRpm: true, mode: 'async' as const }

  it('500 prompts x 10 styles at the list price is $1,087.50', () => {
    const e = estimateMatrix(m, input)
    expect(e.cells).toBe(5000)
    expect(formatMoney(e.cost)).toBe('$1,087.50')
  })

  it('follows the price setting', () => {
    expect(estimateMatrix(m, input, 0.1).cost).toBe(500)
  })
})
