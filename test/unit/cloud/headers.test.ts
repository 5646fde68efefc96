import { describe, expect, it } from 'vitest'
import {
  headerValue,
  parseHeaderFacts,
  parseRateInfo,
  parseResetAt,
  parseRetryAfter,
  toNumber,
} from '../../../src/main/cloud/headers'

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0)
const RESET = Date.UTC(2025, 5, 1, 12, 1, 0)

describe('headerValue', () => {
  it('finds a header whatever its case and takes the first of a repeated header', () => {
    expect(headerValue({ 'X-Rate-Limit-Remaining': '4' }, 'x-rate-limit-remaining')).toBe('4')
    expect(headerValue({ 'x-seed-value': ['7', '8'] }, 'X-Seed-Value')).toBe('7')
    expect(headerValue({ 'x-cost': 0.2 }, 'x-cost')).toBe('0.2')
    // The same name in two cases (not from undici, which lower-cases): the lower-case one is taken.
    expect(headerValue({ 'Retry-After': '9', 'retry-after': '3' }, 'Retry-After')).toBe('3')
  })
  it('says nothing for maps that are not maps or values that are not text', () => {
    expect(headerValue(null, 'x')).toBeUndefined()
    expect(headerValue('x: 1', 'x')).toBeUndefined()
    expect(headerValue({ x: { nested: 1 } }, 'x')).toBeUndefined()
    expect(headerValue({ x: [] }, 'x')).toBeUndefined()
  })
})

describe('toNumber', () => {
  it.each([
    [13.06, 13.06],
    ['13.06', 13.06],
    [' 0.2175 ', 0.2175],
    ['1e3', 1000],
    ['-2', -2],
  ])('reads %j as %d', (v, n) => expect(toNumber(v)).toBe(n))
  it.each([['abc'], [''], ['12px'], [Number.NaN], [Infinity], [null], [true], [{}], ['0x10']])('refuses %j', (v) => {
    expect(toNumber(v)).toBeUndefined()
  })
})

describe('parseResetAt: every form of x-rate-limit-reset-at-utc', () => {
  it.each([
    ['ISO 8601 with Z', '2025-06-01T12:01:00Z'],
    ['ISO 8601 with milliseconds', '2025-06-01T12:01:00.000Z'],
    ['ISO 8601 with an offset', '2025-06-01T14:01:00+02:00'],
    ['ISO 8601 without a zone (UTC by the header name)', '2025-06-01T12:01:00'],
    ['ISO with a space', '2025-06-01 12:01:00'],
    ['epoch seconds', String(RESET / 1000)],
    ['epoch seconds with a fraction', `${RESET / 1000}.0`],
    ['epoch milliseconds', String(RESET)],
    ['HTTP date', 'Sun, 01 Jun 2025 12:01:00 GMT'],
  ])('%s', (_label, value) => {
    expect(parseResetAt(value, NOW)).toBe(RESET)
  })
  it('reads a small bare number as seconds from now, since an epoch that small would be in 1970', () => {
    expect(parseResetAt('30', NOW)).toBe(NOW + 30_000)
  })
  it.each([[''], ['soon'], ['-5'], [undefined], [{}]])('ignores %j', (v) => {
    expect(parseResetAt(v, NOW)).toBeUndefined()
  })
})

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', NOW)).toBe(NOW + 120_000)
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:01:00 GMT', NOW)).toBe(RESET)
    expect(parseRetryAfter('2025', NOW)).toBe(NOW + 2_025_000)
  })
  it('ignores junk and negative delays', () => {
    expect(parseRetryAfter('-1', NOW)).toBeUndefined()
    expect(parseRetryAfter('later', NOW)).toBeUndefined()
  })
})

describe('parseRateInfo', () => {
  it('reads the remaining budget and the reset time', () => {
    expect(
      parseRateInfo({ 'x-rate-limit-remaining': '3', 'x-rate-limit-reset-at-utc': '2025-06-01T12:01:00Z' }, NOW),
    ).toEqual({ remaining: 3, resetAt: RESET })
  })
  it('falls back to Retry-After when there is no reset header', () => {
    expect(parseRateInfo({ 'retry-after': '60' }, NOW)).toEqual({ resetAt: NOW + 60_000 })
  })
  it('prefers the documented reset header over Retry-After', () => {
    expect(parseRateInfo({ 'retry-after': '5', 'x-rate-limit-reset-at-utc': String(RESET) }, NOW).resetAt).toBe(RESET)
  })
  it('is empty when the server says nothing usable', () => {
    expect(parseRateInfo({ 'x-rate-limit-remaining': '-1', 'x-rate-limit-reset-at-utc': 'never' }, NOW)).toEqual({})
  })
})

describe('parseHeaderFacts (v1 accounting headers)', () => {
  it('reads cost, balance, seed, request id and generation time, numbers as strings', () => {
    expect(
      parseHeaderFacts({
        'x-cost': '0.2175',
        'x-remaining-credits': '9.78',
        'x-seed-value': '4242',
        'x-request-id': 'abc',
        'x-generation-time': '40.1',
      }),
    ).toEqual({ cost: 0.2175, remainingCredits: 9.78, seed: 4242, requestId: 'abc', generationSeconds: 40.1 })
  })
  it('drops values that are not numbers, and fractional seeds', () => {
    expect(parseHeaderFacts({ 'x-cost': 'free', 'x-seed-value': '1.5', 'x-request-id': '   ' })).toEqual({})
  })
})

describe('implausible reset times', () => {
  it('are ignored rather than turned into a wait of years', () => {
    expect(parseResetAt('1e305', NOW)).toBeUndefined()
    expect(parseRetryAfter('1.797e305', NOW)).toBeUndefined()
    expect(parseResetAt('9999-01-01T00:00:00Z', NOW)).toBeUndefined()
  })
})
