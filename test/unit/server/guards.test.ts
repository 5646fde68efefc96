import { describe, expect, it } from 'vitest'
import {
  checkTokenShape,
  contentSecurityPolicy,
  cookieName,
  hasSession,
  isAllowedHost,
  isAllowedOrigin,
  newToken,
  readCookie,
  sameToken,
  sessionCookie,
} from '../../../src/main/server/guards'

describe('browser-mode guards', () => {
  it('makes long, distinct, cookie-safe tokens', () => {
    const a = newToken()
    const b = newToken()
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(() => checkTokenShape(a)).not.toThrow()
  })

  it('refuses weak or cookie-breaking tokens from the environment', () => {
    expect(() => checkTokenShape('short')).toThrow(/at least 16/)
    expect(() => checkTokenShape('a'.repeat(20) + ';x=1')).toThrow(/SOUL_BATCH_TOKEN/)
  })

  it('accepts only our loopback host names with our port (DNS-rebinding guard)', () => {
    expect(isAllowedHost('127.0.0.1:5170', 5170)).toBe(true)
    expect(isAllowedHost('localhost:5170', 5170)).toBe(true)
    expect(isAllowedHost('LOCALHOST:5170', 5170)).toBe(true)
    for (const h of [
      'evil.example:5170',
      '127.0.0.1:5171',
      '127.0.0.1',
      'localhost',
      '0.0.0.0:5170',
      '[::1]:5170',
      undefined,
    ]) {
      expect(isAllowedHost(h, 5170), String(h)).toBe(false)
    }
  })

  it('accepts a missing Origin or our own, nothing else', () => {
    expect(isAllowedOrigin(undefined, 5170)).toBe(true)
    expect(isAllowedOrigin('http://127.0.0.1:5170', 5170)).toBe(true)
    expect(isAllowedOrigin('http://localhost:5170', 5170)).toBe(true)
    for (const o of [
      'null',
      'http://evil.example',
      'https://127.0.0.1:5170',
      'http://127.0.0.1:5171',
      'http://127.0.0.1:5170.evil.example',
    ]) {
      expect(isAllowedOrigin(o, 5170), o).toBe(false)
    }
  })

  it('finds the session in the cookie for this port or the header', () => {
    const token = newToken()
    expect(sessionCookie(5170, token, '/s/abc')).toBe(
      `soul_batch_5170=${token}; HttpOnly; SameSite=Strict; Path=/s/abc/`,
    )
    expect(readCookie(`a=1; ${cookieName(5170)}=${token}; b=2`, cookieName(5170))).toBe(token)
    expect(hasSession({ cookie: `${cookieName(5170)}=${token}` }, 5170, token)).toBe(true)
    expect(hasSession({ cookie: `${cookieName(5171)}=${token}` }, 5170, token)).toBe(false)
    expect(hasSession({ 'x-soul-batch-token': token }, 5170, token)).toBe(true)
    expect(hasSession({ 'x-soul-batch-token': token.slice(1) }, 5170, token)).toBe(false)
    expect(hasSession({}, 5170, token)).toBe(false)
    expect(sameToken(undefined, token)).toBe(false)
    expect(sameToken(`${token}x`, token)).toBe(false)
  })

  it('has a CSP that allows our own scripts and socket only', () => {
    const csp = contentSecurityPolicy(5170)
    expect(csp).toContain("script-src 'self';")
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:5170 ws://localhost:5170")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
  })
})
