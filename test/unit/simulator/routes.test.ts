import { describe, expect, it } from 'vitest'
import { matchRoute } from '../../../src/simulator/routes'

const SLUG = 'higgsfield-text2image-soul'

describe('matchRoute', () => {
  it('maps every documented endpoint', () => {
    expect(matchRoute('POST', `/v1/${SLUG}`)).toEqual({ kind: 'sync', model: SLUG })
    expect(matchRoute('POST', `/v2/${SLUG}`)).toEqual({ kind: 'submit', model: SLUG })
    expect(matchRoute('GET', '/v2/requests/abc/status')).toEqual({ kind: 'status', id: 'abc' })
    expect(matchRoute('GET', '/v2/requests/abc')).toEqual({ kind: 'result', id: 'abc' })
    expect(matchRoute('GET', '/v1/requests/abc')).toEqual({ kind: 'poll_v1', id: 'abc' })
    expect(matchRoute('GET', '/v1/get-user-credits')).toEqual({ kind: 'credits' })
    expect(matchRoute('GET', '/images/0a1b.jpeg')).toEqual({ kind: 'image', id: '0a1b', ext: 'jpeg' })
    expect(matchRoute('HEAD', '/images/0a1b.png')).toEqual({ kind: 'image', id: '0a1b', ext: 'png' })
  })

  it('passes other model slugs through for a 404 after the key check', () => {
    expect(matchRoute('POST', '/v2/flux-schnell')).toEqual({ kind: 'submit', model: 'flux-schnell' })
  })

  it('answers wrong verbs on known paths with 405 and unknown paths with 404', () => {
    expect(matchRoute('GET', `/v2/${SLUG}`).kind).toBe('method_not_allowed')
    expect(matchRoute('DELETE', '/v2/requests/abc').kind).toBe('method_not_allowed')
    expect(matchRoute('POST', '/v2/requests/abc/status').kind).toBe('method_not_allowed')
    expect(matchRoute('POST', '/v1/get-user-credits').kind).toBe('method_not_allowed')
    expect(matchRoute('POST', '/images/a.jpeg').kind).toBe('method_not_allowed')
    expect(matchRoute('GET', '/v2/flux-schnell').kind).toBe('not_found')
    expect(matchRoute('GET', '/').kind).toBe('not_found')
    expect(matchRoute('GET', '/v3/requests/abc').kind).toBe('not_found')
  })
})
