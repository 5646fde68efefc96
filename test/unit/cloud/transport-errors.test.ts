import { describe, expect, it } from 'vitest'
import type { AppErrorKind, JobCreated } from '@shared/errors'
import { classifyTransportError, errorCode, serverDetail } from '../../../src/main/cloud/classify'
import type { Endpoint } from '../../../src/main/cloud/types'

const KEY = 'SG_feedfacecafebeef'

describe('serverDetail', () => {
  it('reads error, then message, then detail; nested objects too', () => {
    expect(serverDetail('{"error":"a","message":"b"}', [])).toBe('a')
    expect(serverDetail('{"message":"b"}', [])).toBe('b')
    expect(serverDetail('{"error":{"message":"nested"}}', [])).toBe('nested')
    expect(serverDetail('"just a string"', [])).toBe('just a string')
  })
  it('cuts long text to one short line', () => {
    const d = serverDetail(`line one\n\n${'x'.repeat(1000)}`, [])!
    expect(d.length).toBeLessThanOrEqual(300)
    expect(d).not.toContain('\n')
  })
  it('scrubs the exact key even when it does not look like SG_ + hex', () => {
    expect(serverDetail('{"error":"key my-odd-key-123 refused"}', ['my-odd-key-123'])).toBe('key [redacted] refused')
  })
})

function netError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code })
}

describe('classifyTransportError', () => {
  const rows: { label: string; error: unknown; endpoint: Endpoint; kind: AppErrorKind; jobCreated?: JobCreated }[] = [
    {
      label: 'refused before sending',
      error: netError('ECONNREFUSED'),
      endpoint: 'submit',
      kind: 'network',
      jobCreated: 'no',
    },
    { label: 'DNS failure', error: netError('ENOTFOUND'), endpoint: 'submit', kind: 'network', jobCreated: 'no' },
    {
      label: 'refused inside an AggregateError',
      error: Object.assign(new AggregateError([netError('ECONNREFUSED')], 'x'), {}),
      endpoint: 'sync',
      kind: 'network',
      jobCreated: 'no',
    },
    {
      label: 'reset mid-call',
      error: netError('ECONNRESET'),
      endpoint: 'submit',
      kind: 'network',
      jobCreated: 'maybe',
    },
    {
      label: 'undici socket error',
      error: netError('UND_ERR_SOCKET', 'other side closed'),
      endpoint: 'submit',
      kind: 'network',
      jobCreated: 'maybe',
    },
    {
      label: 'socket hang up',
      error: new Error('socket hang up'),
      endpoint: 'submit',
      kind: 'network',
      jobCreated: 'maybe',
    },
    {
      label: 'headers timeout on submit',
      error: netError('UND_ERR_HEADERS_TIMEOUT'),
      endpoint: 'submit',
      kind: 'timeout',
      jobCreated: 'maybe',
    },
    {
      label: 'connect timeout on submit',
      error: netError('UND_ERR_CONNECT_TIMEOUT'),
      endpoint: 'submit',
      kind: 'timeout',
      jobCreated: 'no',
    },
    { label: 'body timeout on a poll', error: netError('UND_ERR_BODY_TIMEOUT'), endpoint: 'status', kind: 'timeout' },
    {
      label: 'code in cause',
      error: new Error('fetch failed', { cause: netError('ECONNRESET') }),
      endpoint: 'result',
      kind: 'network',
    },
    { label: 'reset while downloading', error: netError('ECONNRESET'), endpoint: 'download', kind: 'download' },
    { label: 'a thrown string', error: 'weird', endpoint: 'credits', kind: 'network' },
  ]
  it.each(rows)('$label -> $kind', (row) => {
    const e = classifyTransportError({ endpoint: row.endpoint, error: row.error, aborted: false, secrets: [KEY] })
    expect(e.kind).toBe(row.kind)
    expect(e.retryable).toBe(true)
    expect(e.jobCreated).toBe(row.jobCreated)
    expect(e.message).toMatch(/^[A-Z].*[.]$/)
  })
  it('is "cancelled" whenever the caller aborted, whatever undici threw', () => {
    const e = classifyTransportError({
      endpoint: 'submit',
      error: new DOMException('aborted', 'AbortError'),
      aborted: true,
      secrets: [],
    })
    expect(e.kind).toBe('cancelled')
    expect(e.retryable).toBe(false)
    expect(e.jobCreated).toBe('maybe')
  })
  it('redacts the key from the low-level message', () => {
    const e = classifyTransportError({
      endpoint: 'status',
      error: new Error(`boom x-api-key: ${KEY}`),
      aborted: false,
      secrets: [KEY],
    })
    expect(JSON.stringify(e)).not.toContain(KEY)
  })
  it('finds codes at bounded depth only', () => {
    let e: unknown = netError('ECONNRESET')
    for (let i = 0; i < 10; i++) e = { cause: e }
    expect(errorCode(e)).toBeUndefined()
    expect(errorCode({ cause: { cause: netError('EPIPE') } })).toBe('EPIPE')
  })
})
