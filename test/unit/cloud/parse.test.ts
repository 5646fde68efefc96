import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import {
  extractOutputUrl,
  isContentBlockReason,
  normalizeStatus,
  parseCreditsBody,
  parseFailedBody,
  parseMetrics,
  parseResultBody,
  parseStatusBody,
  parseSubmitBody,
} from '../../../src/main/cloud/parse'

const NOW = Date.UTC(2025, 0, 1)
const ID = '2c7f59ea-13f1-402c-9353-915a2b5a2124'
const BASE = 'https://api.segmind.com'
const IMG = 'https://images.segmind.com/generations/abc.jpeg'

function expectBadResponse(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).kind).toBe('bad_response')
    return e as AppError
  }
  throw new Error('expected a bad_response AppError')
}

describe('parseSubmitBody (§3.1)', () => {
  const body = {
    request_id: ID,
    status: 'QUEUED',
    poll_url: `${BASE}/v1/requests/${ID}`,
    status_url: `${BASE}/v2/requests/${ID}/status`,
    response_url: `${BASE}/v2/requests/${ID}`,
    extra_field: { anything: true },
  }
  it('keeps the URLs exactly as the server gave them, plus the rate headers', () => {
    const s = parseSubmitBody(body, { 'x-rate-limit-remaining': '4' }, NOW)
    expect(s).toEqual({
      requestId: ID,
      statusUrl: body.status_url,
      responseUrl: body.response_url,
      pollUrl: body.poll_url,
      rate: { remaining: 4 },
    })
  })
  it('does without poll_url', () => {
    const { poll_url: _p, ...rest } = body
    expect(parseSubmitBody(rest, {}, NOW).pollUrl).toBeUndefined()
  })
  it.each(['request_id', 'status_url', 'response_url'] as const)('rejects a body without %s, like the SDK', (field) => {
    const { [field]: _gone, ...rest } = body
    expectBadResponse(() => parseSubmitBody(rest, {}, NOW))
  })
  it('rejects URLs that are not http(s)', () => {
    expectBadResponse(() => parseSubmitBody({ ...body, status_url: 'javascript:alert(1)' }, {}, NOW))
    expectBadResponse(() => parseSubmitBody({ ...body, response_url: '/v2/requests/x' }, {}, NOW))
  })
  it.each([null, [], 'ok', 42])('rejects a non-object body %j', (b) => {
    expectBadResponse(() => parseSubmitBody(b, {}, NOW))
  })
})

describe('normalizeStatus', () => {
  it.each([
    ['QUEUED', 'QUEUED'],
    ['processing', 'PROCESSING'],
    ['in_progress', 'PROCESSING'],
    ['COMPLETED', 'COMPLETED'],
    ['FAILED', 'FAILED'],
    ['canceled', 'FAILED'],
  ])('%s -> %s', (raw, status) => expect(normalizeStatus(raw)?.status).toBe(status))
  it('marks the upstream nsfw state as blocked', () =>
    expect(normalizeStatus('nsfw')).toEqual({ status: 'FAILED', blocked: true }))
  it.each(['DONE', '', 3, null])('knows nothing of %j', (raw) => expect(normalizeStatus(raw)).toBeUndefined())
})

describe('parseMetrics', () => {
  it('takes numbers and numeric strings, drops the rest and unknown keys', () => {
    expect(
      parseMetrics({ inference_time: '13.06', queue_time: 0.23, total_time: 'n/a', cost: '0.2175', retry_count: 1 }),
    ).toEqual({
      inference_time: 13.06,
      queue_time: 0.23,
      cost: 0.2175,
    })
  })
  it.each([null, undefined, [], 'x', 5])('is empty for %j', (m) => expect(parseMetrics(m)).toEqual({}))
})

describe('parseStatusBody (§3.2)', () => {
  it('reads a waiting job with empty metrics', () => {
    expect(parseStatusBody({ status: 'QUEUED', request_id: ID, metrics: {} }, {}, NOW)).toEqual({
      status: 'QUEUED',
      metrics: {},
      rate: {},
    })
  })
  it('reads a completed job without metrics at all', () => {
    expect(parseStatusBody({ status: 'COMPLETED' }, {}, NOW)).toEqual({ status: 'COMPLETED', metrics: {}, rate: {} })
  })
  it('reads a FAILED reason and tells a content block from a plain failure', () => {
    const plain = parseStatusBody({ status: 'FAILED', error: 'Prompt is Mandatory and must be string' }, {}, NOW)
    expect(plain).toMatchObject({
      status: 'FAILED',
      error: 'Prompt is Mandatory and must be string',
      contentBlocked: false,
    })
    const blocked = parseStatusBody({ status: 'FAILED', error: 'content_policy_violation' }, {}, NOW)
    expect(blocked).toMatchObject({ status: 'FAILED', contentBlocked: true })
  })
  it('gives a FAILED job without a reason a sentence of its own', () => {
    expect(parseStatusBody({ status: 'FAILED', error: null }, {}, NOW).error).toBe('The job failed without a reason.')
  })
  it('rejects an unknown status', () => {
    const e = expectBadResponse(() => parseStatusBody({ status: 'EXPLODED' }, {}, NOW))
    expect(e.detail).toContain('EXPLODED')
  })
})

describe('isContentBlockReason', () => {
  it.each([
    'Content policy violation: NSFW content detected',
    'content_policy_violation',
    'nsfw: the generated image was flagged by the safety checker',
    'Request blocked by content moderation (RAI)',
    'Inappropriate content',
  ])('blocked: %s', (r) => expect(isContentBlockReason(r)).toBe(true))
  it.each(['Internal error during inference', 'Model inference timed out', 'The training data constraint failed'])(
    'not blocked: %s',
    (r) => expect(isContentBlockReason(r)).toBe(false),
  )
})

describe('extractOutputUrl: every [U] shape of output', () => {
  it.each([
    ['a URL string', IMG],
    ['a URL with spaces around', `  ${IMG} `],
    ['a JSON string holding a URL', JSON.stringify(IMG)],
    ['a JSON string holding an array', JSON.stringify([IMG])],
    ['a JSON string holding an object', JSON.stringify({ url: IMG })],
    ['an array of strings', [IMG, 'https://images.segmind.com/other.jpeg']],
    ['an array whose first entry is junk', ['', IMG]],
    ['an array of {url}', [{ url: IMG, content_type: 'image/jpeg' }]],
    ['an object with url', { url: IMG }],
    ['an object with images', { images: [{ url: IMG }] }],
  ])('%s', (_label, output) => expect(extractOutputUrl(output)).toBe(IMG))
  it.each([['ok'], [''], [null], [[]], [{}], ['{broken json'], ['ftp://x/y.jpg'], [42]])(
    'finds nothing in %j',
    (output) => expect(extractOutputUrl(output)).toBeUndefined(),
  )
  it('stops at a bounded depth', () => {
    let deep: unknown = IMG
    for (let i = 0; i < 10; i++) deep = [deep]
    expect(extractOutputUrl(deep)).toBeUndefined()
  })
})

describe('parseResultBody (§3.3)', () => {
  const completed = {
    status: 'COMPLETED',
    error: null,
    output: IMG,
    metrics: { inference_time: 40.1, queue_time: 0.23, total_time: 40.4, cost: 0.2175, remaining_credits: 12.34 },
  }
  it('reads the documented body', () => {
    expect(parseResultBody(completed, {}, NOW)).toEqual({
      status: 'COMPLETED',
      outputUrl: IMG,
      metrics: completed.metrics,
      rate: {},
    })
  })
  it('falls back to images[0].url when output is empty', () => {
    expect(
      parseResultBody({ ...completed, output: '', images: [{ url: IMG, content_type: 'image/jpeg' }] }, {}, NOW)
        .outputUrl,
    ).toBe(IMG)
  })
  it('takes the seed from the body, else from x-seed-value', () => {
    expect(parseResultBody({ ...completed, seed: '77' }, { 'x-seed-value': '5' }, NOW).seed).toBe(77)
    expect(parseResultBody(completed, { 'x-seed-value': '5' }, NOW).seed).toBe(5)
  })
  it('fills cost and balance from x-cost / x-remaining-credits when metrics lack them', () => {
    const r = parseResultBody(
      { ...completed, metrics: { inference_time: '3' } },
      { 'x-cost': '0.2175', 'x-remaining-credits': '1.5' },
      NOW,
    )
    expect(r.metrics).toEqual({ inference_time: 3, cost: 0.2175, remaining_credits: 1.5 })
  })
  it('answers a job still running with no URL (E4 called early)', () => {
    expect(parseResultBody({ status: 'PROCESSING', output: '' }, {}, NOW)).toEqual({
      status: 'PROCESSING',
      metrics: {},
      rate: {},
    })
  })
  it('refuses a COMPLETED body without an image URL (the SDK fixture "ok")', () => {
    expectBadResponse(() =>
      parseResultBody({ status: 'COMPLETED', error: null, metrics: { inference_time: 0.5 }, output: 'ok' }, {}, NOW),
    )
  })
})

describe('parseFailedBody (422 on status/result)', () => {
  it('reads the documented FAILED body with its metrics', () => {
    const text = JSON.stringify({
      status: 'FAILED',
      error: 'Prompt is Mandatory and must be string',
      metrics: { inference_time: 0.007 },
    })
    expect(parseFailedBody(text, {}, NOW)).toEqual({
      status: 'FAILED',
      error: 'Prompt is Mandatory and must be string',
      contentBlocked: false,
      metrics: { inference_time: 0.007 },
      rate: {},
    })
  })
  it('flags content blocks, including an upstream nsfw status without a reason', () => {
    expect(
      parseFailedBody(JSON.stringify({ status: 'FAILED', error: 'content_policy_violation' }), {}, NOW).contentBlocked,
    ).toBe(true)
    expect(parseFailedBody(JSON.stringify({ status: 'nsfw' }), {}, NOW)).toMatchObject({
      status: 'FAILED',
      contentBlocked: true,
    })
  })
  it('keeps a plain-text reason and ignores an HTML page', () => {
    expect(parseFailedBody('Validation Error: seed out of range', {}, NOW).error).toBe(
      'Validation Error: seed out of range',
    )
    expect(parseFailedBody('<html><body>oops</body></html>', {}, NOW).error).toBe('The job failed without a reason.')
  })
})

describe('parseCreditsBody (E6)', () => {
  it('reads credits and free-credits, numbers possibly strings', () => {
    expect(parseCreditsBody({ credits: '12.5', 'free-credits': 1 })).toEqual({ credits: 12.5, freeCredits: 1 })
    expect(parseCreditsBody({ credits: 3 })).toEqual({ credits: 3, freeCredits: null })
  })
  it('rejects a body without a credit number', () => {
    expectBadResponse(() => parseCreditsBody({ balance: 3 }))
    expectBadResponse(() => parseCreditsBody([]))
  })
})
