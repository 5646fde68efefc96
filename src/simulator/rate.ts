/**
 * Per-key request budget: a fixed window that opens on the first request and allows `limit` requests until it
 * closes (docs/segmind-api.md §7). Pure: the caller passes the time, so tests need no clock.
 */

export interface RateWindow {
  start: number
  count: number
}

export type RateDecision =
  { allowed: true; remaining: number; resetAt: number } | { allowed: false; remaining: 0; resetAt: number }

export class RateLimiter {
  private readonly windows = new Map<string, RateWindow>()

  /** Spends one request for `key`. `limit` 0 means unlimited; a refused request does not spend anything. */
  take(key: string, now: number, limit: number, windowMs: number): RateDecision {
    const w = this.current(key, now, windowMs)
    const resetAt = w.start + windowMs
    if (limit <= 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY, resetAt }
    if (w.count >= limit) return { allowed: false, remaining: 0, resetAt }
    w.count += 1
    return { allowed: true, remaining: limit - w.count, resetAt }
  }

  /** What is left without spending (for requests that do not count, e.g. polls when getsCount is false). */
  peek(key: string, now: number, limit: number, windowMs: number): { remaining: number; resetAt: number } {
    const w = this.windows.get(key)
    if (!w || now >= w.start + windowMs) return { remaining: limit, resetAt: now + windowMs }
    return { remaining: Math.max(0, limit - w.count), resetAt: w.start + windowMs }
  }

  clear(): void {
    this.windows.clear()
  }

  private current(key: string, now: number, windowMs: number): RateWindow {
    const w = this.windows.get(key)
    if (w && now < w.start + windowMs) return w
    const fresh = { start: now, count: 0 }
    this.windows.set(key, fresh)
    return fresh
  }
}
