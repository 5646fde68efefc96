import { describe, expect, it } from 'vitest'
import type { AppErrorKind, JobCreated } from '@shared/errors'
import { classifyHttpError, type HttpFailure } from '../../../src/main/cloud/classify'
import type { Endpoint } from '../../../src/main/cloud/types'

const KEY = 'SG_feedfacecafebeef'
const NOW = Date.UTC(2025, 0, 1)
const HTML_405 =
  '<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body><center><h1>405 Not Allowed</h1></center><hr><center>nginx</center></body></html>'

function http(
  endpoint: Endpoint,
  status: number,
  body: unknown = {},
  headers: Record<string, string> = {},
): ReturnType<typeof classifyHttpError> {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body)
  const f: HttpFailure = { endpoint, status, bodyText, headers, secrets: [KEY], now: NOW }
  return classifyHttpError(f)
}

interface Row {
  label: string
  endpoint: Endpoint
  status: number
  body: unknown
  headers?: Record<string, string>
  kind: AppErrorKind
  retryable: boolean
  jobCreated?: JobCreated
}

/** docs/segmind-api.md §5, one row per code and meaning, on the endpoints where the meaning differs. */
const TABLE: Row[] = [
  {
    label: '400 bad request',
    endpoint: 'submit',
    status: 400,
    body: { error: 'width_and_height must be one of …' },
    kind: 'validation',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '401 missing key',
    endpoint: 'submit',
    status: 401,
    body: { error: 'Missing Authorization or x-api-key in header' },
    kind: 'auth',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '401 invalid key',
    endpoint: 'status',
    status: 401,
    body: { error: 'Unauthorized. API key is invalid or may have expired...' },
    kind: 'auth',
    retryable: false,
  },
  {
    label: '403 forbidden',
    endpoint: 'submit',
    status: 403,
    body: { error: 'Model not allowed for this team' },
    kind: 'forbidden',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '404 on submit: unknown model',
    endpoint: 'submit',
    status: 404,
    body: { error: 'Model not found' },
    kind: 'unknown_model',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '404 on sync: unknown model',
    endpoint: 'sync',
    status: 404,
    body: { error: 'Model not found' },
    kind: 'unknown_model',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '404 on status: expired',
    endpoint: 'status',
    status: 404,
    body: { error: 'Request abc not found' },
    kind: 'expired',
    retryable: false,
  },
  {
    label: '404 on result: expired',
    endpoint: 'result',
    status: 404,
    body: { error: 'Request abc not found' },
    kind: 'expired',
    retryable: false,
  },
  {
    label: '404 on credits',
    endpoint: 'credits',
    status: 404,
    body: { error: 'Not found' },
    kind: 'bad_response',
    retryable: false,
  },
  {
    label: '404 on download: image gone',
    endpoint: 'download',
    status: 404,
    body: { error: 'Not Found' },
    kind: 'download',
    retryable: false,
  },
  {
    label: '405 HTML',
    endpoint: 'submit',
    status: 405,
    body: HTML_405,
    kind: 'method',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '406 not enough credits',
    endpoint: 'submit',
    status: 406,
    body: { error: 'Not enough credits. Balance: 0, required: 0.2175' },
    kind: 'credits',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '406 insufficient credits as text',
    endpoint: 'sync',
    status: 406,
    body: 'Insufficient Credits',
    kind: 'credits',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '406 invalid content type',
    endpoint: 'submit',
    status: 406,
    body: { error: 'Invalid content type' },
    kind: 'content_type',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '406 content-type with a dash',
    endpoint: 'submit',
    status: 406,
    body: { error: 'Unsupported Content-Type' },
    kind: 'content_type',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '406 spend limit',
    endpoint: 'submit',
    status: 406,
    body: { error: 'Team spend limit reached' },
    kind: 'spend_limit',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '406 rejected value',
    endpoint: 'submit',
    status: 406,
    body: { error: 'quality must be 720p or 1080p' },
    kind: 'validation',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '410 retired',
    endpoint: 'submit',
    status: 410,
    body: { error: 'Model has been retired' },
    kind: 'retired',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '422 on submit: validation',
    endpoint: 'submit',
    status: 422,
    body: { error: 'Validation Error' },
    kind: 'validation',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '422 on status without a body',
    endpoint: 'status',
    status: 422,
    body: '',
    kind: 'failed',
    retryable: false,
  },
  {
    label: '422 on result, content block',
    endpoint: 'result',
    status: 422,
    body: { status: 'FAILED', error: 'content_policy_violation' },
    kind: 'content_blocked',
    retryable: false,
  },
  {
    label: '429 rate limited',
    endpoint: 'submit',
    status: 429,
    body: { error: 'rate_limit_exceeded' },
    kind: 'rate_limited',
    retryable: true,
    jobCreated: 'no',
  },
  {
    label: '429 on a poll',
    endpoint: 'status',
    status: 429,
    body: { error: 'rate_limit_exceeded' },
    kind: 'rate_limited',
    retryable: true,
  },
  {
    label: '500 on submit',
    endpoint: 'submit',
    status: 500,
    body: { error: 'Internal Server Error' },
    kind: 'server',
    retryable: true,
    jobCreated: 'maybe',
  },
  {
    label: '502 on submit',
    endpoint: 'submit',
    status: 502,
    body: '<html>Bad Gateway</html>',
    kind: 'server',
    retryable: true,
    jobCreated: 'maybe',
  },
  {
    label: '504 on sync',
    endpoint: 'sync',
    status: 504,
    body: '',
    kind: 'server',
    retryable: true,
    jobCreated: 'maybe',
  },
  {
    label: '500 on status',
    endpoint: 'status',
    status: 500,
    body: { error: 'Internal Server Error' },
    kind: 'server',
    retryable: true,
  },
  { label: '503 on download', endpoint: 'download', status: 503, body: '', kind: 'download', retryable: true },
  { label: '408 request timeout', endpoint: 'status', status: 408, body: '', kind: 'timeout', retryable: true },
  {
    label: '418 other 4xx',
    endpoint: 'submit',
    status: 418,
    body: { error: 'teapot' },
    kind: 'validation',
    retryable: false,
    jobCreated: 'no',
  },
  {
    label: '302 redirect on a JSON call',
    endpoint: 'credits',
    status: 302,
    body: '',
    kind: 'bad_response',
    retryable: false,
  },
]

describe('classifyHttpError: every row of the §5 status table', () => {
  it.each(TABLE)('$label -> $kind', (row) => {
    const e = http(row.endpoint, row.status, row.body, row.headers)
    expect(e.kind).toBe(row.kind)
    expect(e.status).toBe(row.status)
    expect(e.retryable).toBe(row.retryable)
    expect(e.jobCreated).toBe(row.jobCreated)
    // One sentence a person can act on.
    expect(e.message).toMatch(/^[A-Z].*[.]$/)
    expect(e.message).not.toMatch(/<html|<body|nginx/i)
  })

  it('keeps the server detail, redacted, for the user to read', () => {
    const e = http('submit', 400, { error: `bad prompt (key ${KEY})` })
    expect(e.detail).toBe('bad prompt (key [redacted])')
    expect(e.message).toContain('bad prompt')
  })

  it('tells a missing key from a rejected key', () => {
    expect(http('submit', 401, { error: 'Missing Authorization or x-api-key in header' }).message).toMatch(
      /No Segmind API key was sent/,
    )
    expect(http('submit', 401, { error: 'Unauthorized. API key is invalid or may have expired...' }).message).toMatch(
      /rejected the API key/,
    )
  })

  it('never copies the 405 HTML page into detail or message', () => {
    const e = http('status', 405, HTML_405)
    expect(e.detail).toBeUndefined()
    expect(JSON.stringify(e)).not.toContain('nginx')
  })

  it('puts the reset time of a 429 on the error, from each header form', () => {
    const reset = NOW + 42_000
    expect(http('submit', 429, {}, { 'x-rate-limit-reset-at-utc': new Date(reset).toISOString() }).resetAt).toBe(reset)
    expect(http('submit', 429, {}, { 'x-rate-limit-reset-at-utc': String(reset / 1000) }).resetAt).toBe(reset)
    expect(http('submit', 429, {}, { 'x-rate-limit-reset-at-utc': String(reset) }).resetAt).toBe(reset)
    expect(http('submit', 429, {}, { 'retry-after': '42' }).resetAt).toBe(reset)
    expect(http('submit', 429, {}).resetAt).toBeUndefined()
  })

  it('says "maybe" for a 5xx submit and "no" for every 4xx submit', () => {
    for (const status of [500, 502, 503, 504]) expect(http('submit', status).jobCreated).toBe('maybe')
    for (const status of [400, 401, 403, 404, 405, 406, 410, 422, 429])
      expect(http('submit', status).jobCreated).toBe('no')
  })

  it('carries the request id of a poll into the error', () => {
    const e = classifyHttpError({
      endpoint: 'status',
      status: 404,
      bodyText: '{}',
      headers: {},
      secrets: [],
      now: NOW,
      requestId: 'abc-1',
    })
    expect(e.requestId).toBe('abc-1')
  })
})
