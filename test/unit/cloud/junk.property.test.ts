/**
 * Random junk into every parser and the classifier: each either returns a well-formed value or throws an
 * AppError of a known kind, never a TypeError, never anything untyped, and never the key.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { APP_ERROR_KINDS, AppError } from '@shared/errors'
import { classifyHttpError, classifyTransportError, serverDetail } from '../../../src/main/cloud/classify'
import { parseHeaderFacts, parseRateInfo, parseResetAt, parseRetryAfter } from '../../../src/main/cloud/headers'
import { sniffImage } from '../../../src/main/cloud/image-bytes'
import {
  extractOutputUrl,
  isHttpUrl,
  normalizeStatus,
  parseCreditsBody,
  parseFailedBody,
  parseJsonText,
  parseResultBody,
  parseStatusBody,
  parseSubmitBody,
} from '../../../src/main/cloud/parse'
import type { Endpoint } from '../../../src/main/cloud/types'

const KEY = 'SG_a1b2c3d4e5f60718'
const NOW = Date.UTC(2025, 0, 1)
const RUNS = { numRuns: 300 }
const ENDPOINTS: Endpoint[] = ['submit', 'status', 'result', 'download', 'sync', 'credits']
const STATUSES = ['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'nsfw', 'in_progress', 'done', '']

/** Returns the value, or the AppError thrown; fails the property on any other throw. */
function typed<T>(fn: () => T): T | AppError {
  try {
    return fn()
  } catch (e) {
    if (!(e instanceof AppError)) throw new Error(`threw a non-AppError: ${String(e)}`)
    expect(APP_ERROR_KINDS).toContain(e.kind)
    expect(e.message.length).toBeGreaterThan(0)
    return e
  }
}

const headerNames = fc.constantFrom(
  'x-rate-limit-remaining',
  'X-Rate-Limit-Reset-At-UTC',
  'x-rate-limit-reset-at-utc',
  'retry-after',
  'x-cost',
  'x-remaining-credits',
  'x-seed-value',
  'x-request-id',
  'x-generation-time',
  'content-length',
)
const headerMaps = fc.oneof(
  fc.dictionary(
    fc.oneof(headerNames, fc.string()),
    fc.oneof(fc.string(), fc.integer(), fc.double(), fc.array(fc.string()), fc.anything()),
  ),
  fc.anything(),
)
const urls = fc.oneof(fc.webUrl(), fc.constant('https://images.segmind.com/x.jpeg'), fc.string())
const outputs = fc.oneof(
  urls,
  urls.map((u) => JSON.stringify(u)),
  fc.array(urls).map((a) => JSON.stringify(a)),
  fc.array(fc.oneof(urls, fc.record({ url: urls }))),
  fc.record({ url: urls }),
  fc.anything(),
)
/** Bodies shaped almost like Segmind's, so the properties reach the deep branches, not only the first check. */
const nearBodies = fc.record(
  {
    status: fc.oneof(fc.constantFrom(...STATUSES), fc.anything()),
    request_id: fc.oneof(fc.uuid(), fc.anything()),
    status_url: urls,
    response_url: urls,
    poll_url: urls,
    error: fc.oneof(fc.string(), fc.constant(null), fc.anything()),
    output: outputs,
    images: fc.oneof(fc.array(fc.record({ url: urls })), fc.anything()),
    metrics: fc.oneof(
      fc.dictionary(
        fc.constantFrom('inference_time', 'cost', 'remaining_credits', 'queue_time'),
        fc.oneof(fc.double(), fc.string(), fc.anything()),
      ),
      fc.anything(),
    ),
    seed: fc.oneof(fc.integer(), fc.string(), fc.anything()),
    credits: fc.oneof(fc.double(), fc.string(), fc.anything()),
    'free-credits': fc.oneof(fc.double(), fc.string()),
  },
  { requiredKeys: [] },
)
const bodies = fc.oneof(fc.anything(), fc.jsonValue(), nearBodies)

function finiteOrAbsent(n: number | undefined): boolean {
  return n === undefined || Number.isFinite(n)
}

describe('parsers never throw anything but AppError', () => {
  it('parseSubmitBody', () => {
    fc.assert(
      fc.property(bodies, headerMaps, (b, h) => {
        const r = typed(() => parseSubmitBody(b, h, NOW))
        if (r instanceof AppError) {
          expect(r.kind).toBe('bad_response')
          return
        }
        expect(r.requestId.length).toBeGreaterThan(0)
        expect(isHttpUrl(r.statusUrl) && isHttpUrl(r.responseUrl)).toBe(true)
      }),
      RUNS,
    )
  })
  it('parseStatusBody and parseResultBody', () => {
    fc.assert(
      fc.property(bodies, headerMaps, (b, h) => {
        for (const parse of [parseStatusBody, parseResultBody]) {
          const r = typed(() => parse(b, h, NOW))
          if (r instanceof AppError) {
            expect(r.kind).toBe('bad_response')
            continue
          }
          expect(['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED']).toContain(r.status)
          for (const v of Object.values(r.metrics)) expect(Number.isFinite(v)).toBe(true)
          if (r.status === 'FAILED') expect(typeof r.error).toBe('string')
          if ('outputUrl' in r && r.outputUrl !== undefined) expect(isHttpUrl(r.outputUrl)).toBe(true)
          if (parse === parseResultBody && r.status === 'COMPLETED')
            expect('outputUrl' in r && r.outputUrl).toBeTruthy()
        }
      }),
      RUNS,
    )
  })
  it('parseFailedBody always yields a FAILED answer with a reason', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          bodies.map((b) => safeStringify(b)),
        ),
        headerMaps,
        (text, h) => {
          const r = parseFailedBody(text, h, NOW)
          expect(r.status).toBe('FAILED')
          expect(r.error && r.error.length > 0).toBe(true)
          expect(typeof r.contentBlocked).toBe('boolean')
        },
      ),
      RUNS,
    )
  })
  it('parseCreditsBody and parseJsonText', () => {
    fc.assert(
      fc.property(bodies, fc.string(), (b, text) => {
        const c = typed(() => parseCreditsBody(b))
        if (!(c instanceof AppError)) expect(Number.isFinite(c.credits)).toBe(true)
        typed(() => parseJsonText(text, 'status'))
      }),
      RUNS,
    )
  })
  it('extractOutputUrl returns an http(s) URL or nothing', () => {
    fc.assert(
      fc.property(outputs, (o) => {
        const url = extractOutputUrl(o)
        expect(url === undefined || isHttpUrl(url)).toBe(true)
      }),
      RUNS,
    )
  })
  it('normalizeStatus and sniffImage answer or say nothing', () => {
    fc.assert(
      fc.property(fc.anything(), fc.uint8Array({ maxLength: 32 }), (v, bytes) => {
        const s = normalizeStatus(v)
        expect(s === undefined || ['QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED'].includes(s.status)).toBe(true)
        const k = sniffImage(bytes)
        expect(k === undefined || ['image/jpeg', 'image/png', 'image/webp'].includes(k.mime)).toBe(true)
      }),
      RUNS,
    )
  })
})

describe('header readers never throw and only return finite numbers', () => {
  it('parseRateInfo / parseHeaderFacts / parseResetAt / parseRetryAfter', () => {
    fc.assert(
      fc.property(headerMaps, fc.anything(), (h, v) => {
        const rate = parseRateInfo(h, NOW)
        expect(finiteOrAbsent(rate.remaining) && finiteOrAbsent(rate.resetAt)).toBe(true)
        const facts = parseHeaderFacts(h)
        for (const n of [facts.cost, facts.remainingCredits, facts.seed, facts.generationSeconds])
          expect(finiteOrAbsent(n)).toBe(true)
        expect(finiteOrAbsent(parseResetAt(v, NOW))).toBe(true)
        expect(finiteOrAbsent(parseRetryAfter(v, NOW))).toBe(true)
      }),
      RUNS,
    )
  })
})

describe('the classifier always returns a typed error, without the key', () => {
  const bodyTexts = fc.oneof(
    fc.string(),
    fc.json(),
    fc.string().map((s) => JSON.stringify({ error: `${s} ${KEY} ${s}` })),
    fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}${KEY}${b}`),
    fc.constant('<html><body>405 Not Allowed</body></html>'),
  )
  it('classifyHttpError over random codes, bodies, headers and endpoints', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        bodyTexts,
        headerMaps,
        fc.constantFrom(...ENDPOINTS),
        (status, bodyText, headers, endpoint) => {
          const e = classifyHttpError({ endpoint, status, bodyText, headers, secrets: [KEY], now: NOW })
          expect(e).toBeInstanceOf(AppError)
          expect(APP_ERROR_KINDS).toContain(e.kind)
          expect(e.status).toBe(status)
          expect(e.message).toMatch(/[.!?]$/)
          expect(JSON.stringify(e)).not.toContain(KEY)
          expect(e.stack ?? '').not.toContain(KEY)
          if (endpoint === 'submit' || endpoint === 'sync') expect(['no', 'maybe']).toContain(e.jobCreated)
          else expect(e.jobCreated).toBeUndefined()
          if (endpoint === 'download') expect(e.kind).toBe('download')
        },
      ),
      RUNS,
    )
  })
  it('classifyTransportError over anything thrown', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.boolean(),
        fc.constantFrom(...ENDPOINTS),
        fc.string(),
        (thrown, aborted, endpoint, words) => {
          // Plant the key where a low-level message would carry it.
          const error = typeof thrown === 'string' ? `${thrown} ${KEY}` : (thrown ?? new Error(`${words} ${KEY}`))
          const e = classifyTransportError({ endpoint, error, aborted, secrets: [KEY] })
          expect(APP_ERROR_KINDS).toContain(e.kind)
          if (aborted) expect(e.kind).toBe('cancelled')
          expect(JSON.stringify(e)).not.toContain(KEY)
        },
      ),
      RUNS,
    )
  })
  it('serverDetail is short, single-line and key-free', () => {
    fc.assert(
      fc.property(bodyTexts, (text) => {
        const d = serverDetail(text, [KEY])
        if (d === undefined) return
        expect(d.length).toBeLessThanOrEqual(300)
        expect(d).not.toContain(KEY)
        expect(d).not.toMatch(/\n/)
      }),
      RUNS,
    )
  })
})

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? ''
  } catch {
    return ''
  }
}
