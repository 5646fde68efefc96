import { describe, expect, it } from 'vitest'
import { AppError, redactSecretsDeep, redactStrings } from '@shared/errors'
import { classifyTransportError } from '../../../src/main/cloud/classify'
import { normalizeBaseUrl } from '../../../src/main/cloud/client'
import { isAllowedScheme, requestIdFromUrl } from '../../../src/main/cloud/http'

const KEY = 'zebra-secret-7741-key'

describe('redactSecretsDeep', () => {
  it('scrubs every parsed string, object keys included, even where the JSON text spelled the key with escapes', () => {
    const text = `{"a":"\\u007a${KEY.slice(1)}","${KEY}":[1,true,null,{"b":"x ${KEY} y"}],"n":2}`
    const out = redactSecretsDeep(JSON.parse(text) as unknown, [KEY])
    expect(out).toEqual({ a: '[redacted]', '[redacted]': [1, true, null, { b: 'x [redacted] y' }], n: 2 })
  })

  it('returns a copy and leaves its input as it was', () => {
    const input = { list: [{ k: KEY }] }
    const out = redactSecretsDeep(input, [KEY])
    expect(input.list[0]!.k).toBe(KEY)
    expect(out.list[0]!.k).toBe('[redacted]')
  })

  it('keeps a "__proto__" key from JSON a plain property, without touching any prototype', () => {
    const out = redactSecretsDeep(JSON.parse(`{"__proto__":{"polluted":"${KEY}"}}`) as object, [KEY])
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: '[redacted]' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('walks any depth without running out of stack, and survives shared and circular references', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"${KEY}"${']'.repeat(100_000)}`) as unknown
    let inner: unknown = redactSecretsDeep(deep, [KEY])
    let depth = 0
    for (; Array.isArray(inner); depth++) inner = (inner as unknown[])[0]
    expect([depth, inner]).toEqual([100_000, '[redacted]'])
    const shared = { k: KEY }
    const loop: Record<string, unknown> = { a: shared, b: shared }
    loop.self = loop
    const out = redactStrings(loop, (s) => (s === KEY ? 'R' : s))
    expect(out).not.toBe(loop)
    expect(out.self).toBe(out)
    expect(out.a).toBe(out.b)
    expect(out.a).toEqual({ k: 'R' })
  })

  it('leaves what is not plain data alone', () => {
    const when = new Date(0)
    const out = redactStrings({ when }, () => 'x')
    expect(Object.keys(out)).toEqual(['x'])
    expect(Object.values(out)[0]).toBe(when)
    expect(redactStrings(KEY, (s) => s.length.toString())).toBe('21')
  })
})

describe('the API base URL', () => {
  it('takes https anywhere and plain http only on loopback', () => {
    for (const ok of [
      'https://api.segmind.com',
      'https://10.0.0.7:8443',
      'http://127.0.0.1:4010',
      'http://localhost:4010/v1',
      'http://LOCALHOST:4010',
      'http://[::1]:4010',
    ]) {
      expect(() => normalizeBaseUrl(ok), ok).not.toThrow()
    }
    for (const bad of [
      'http://api.segmind.com',
      'http://10.0.0.7',
      'http://localhost.evil.example',
      'http://127.0.0.2',
    ]) {
      expect(() => normalizeBaseUrl(bad), bad).toThrow(/^SEGMIND_BASE_URL must use https \(plain http is only/)
      expect(() => normalizeBaseUrl(bad), bad).toThrow(AppError)
    }
  })

  it('lets a plain-http URL be followed only to loopback, and only when the API itself is plain http', () => {
    const local = { base: new URL('http://127.0.0.1:4010') }
    const remote = { base: new URL('https://api.segmind.com') }
    expect(isAllowedScheme(local, new URL('http://127.0.0.1:5000/img.jpg'))).toBe(true)
    expect(isAllowedScheme(local, new URL('http://localhost:5000/img.jpg'))).toBe(true)
    expect(isAllowedScheme(local, new URL('http://cdn.example/img.jpg'))).toBe(false)
    expect(isAllowedScheme(local, new URL('https://cdn.example/img.jpg'))).toBe(true)
    expect(isAllowedScheme(remote, new URL('http://127.0.0.1:5000/img.jpg'))).toBe(false)
  })
})

describe('text scrubbed before it is cut', () => {
  it('a request id is scrubbed after percent-decoding', () => {
    const encoded = [...KEY].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')
    expect(requestIdFromUrl(new URL(`https://api.segmind.com/v2/requests/${encoded}/status`), [KEY])).toBe('[redacted]')
    expect(requestIdFromUrl(new URL('https://api.segmind.com/v2/requests/abc%2Ddef'), [KEY])).toBe('abc-def')
  })

  it('a transport error whose text puts the key across the 300-character cut keeps no piece of it', () => {
    const e = classifyTransportError({
      endpoint: 'status',
      error: new Error(`${'x'.repeat(290)}${KEY}`),
      aborted: false,
      secrets: [KEY],
    })
    expect(e.detail).not.toContain(KEY.slice(0, 6))
    expect(e.detail!.length).toBeLessThanOrEqual(300)
  })
})
