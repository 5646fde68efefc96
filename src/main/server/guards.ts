import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * Browser mode's locks, as pure functions of a request's headers so each can be tested on its own. The server is
 * reachable by every page the user's browser opens, so it trusts only requests that (a) name our own host
 * (DNS-rebinding guard), (b) come from our own origin when the browser says where they come from, and (c) carry
 * the per-run token, either as the HttpOnly cookie set when the printed link was opened or as a header.
 */

export const TOKEN_HEADER = 'x-soul-batch-token'
const MIN_TOKEN_LENGTH = 16

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** A token from the environment (tests) must still be hard to guess and safe inside a cookie. */
export function checkTokenShape(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new Error(`SOUL_BATCH_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters of A-Z, a-z, 0-9, _ or -.`)
  }
}

/** One cookie per port: cookies ignore ports, and two runs on 127.0.0.1 must not overwrite each other's. */
export function cookieName(port: number): string {
  return `soul_batch_${port}`
}

/**
 * The session cookie, scoped to this run's path prefix. Cookies ignore ports, so a cookie with Path=/ would go
 * with every request the browser makes to any server on 127.0.0.1 (a dev server, another tool): the token would
 * leak to all of them. Under /s/<run id>/ the browser sends it only back to this run's own pages and calls.
 */
export function sessionCookie(port: number, token: string, prefix: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=${prefix}/`
}

/** A per-run path prefix such as /s/3kT9…: where the page, its calls, images and events live. */
export function newRunPrefix(): string {
  return `/s/${randomBytes(12).toString('base64url')}`
}

/** The path inside the run's prefix ('/' for the prefix itself), or null for a path outside it. */
export function pathInPrefix(path: string, prefix: string): string | null {
  if (path === prefix) return '/'
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : null
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader !== undefined && allowedHosts(port).includes(hostHeader.toLowerCase())
}

/** Absent Origin is fine (same-origin GETs, non-browser clients); a present one must be ours. */
export function isAllowedOrigin(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true
  return allowedHosts(port).some((h) => originHeader.toLowerCase() === `http://${h}`)
}

export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export function hasSession(headers: IncomingHttpHeaders, port: number, token: string): boolean {
  const header = headers[TOKEN_HEADER]
  if (typeof header === 'string' && sameToken(header, token)) return true
  return sameToken(readCookie(headers.cookie, cookieName(port)), token)
}

/** The browser-mode page's policy: our own scripts only, no frames, no plugins, connections back to us only. */
export function contentSecurityPolicy(port: number): string {
  const ws = allowedHosts(port)
    .map((h) => `ws://${h}`)
    .join(' ')
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React sets style through the CSSOM (not blocked); 'unsafe-inline' is only for <style> tags a UI library may add.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
