import type { Random } from './backoff'

export interface BudgetOptions {
  rpm: number
  /** Length of the server's rate window: 60 s, or shorter against a time-scaled simulator. */
  windowMs: number
  now: () => number
  random: Random
}

/**
 * The one request budget that submits, polls and results all draw from, adaptive like TCP (AIMD).
 *
 * Two limits at once: a token bucket (burst a tenth of the window's allowance) spreads requests evenly, so the
 * priority order — results, then polls, then submits — decides who gets each slot instead of a burst of submits
 * eating the window; and a sliding-window log never lets more than the allowed count into any window-long span,
 * which a token bucket alone cannot promise against Segmind's fixed windows (bucket + burst can exceed it).
 *
 * On a 429 the whole client waits until the server's reset time (plus jitter) and halves its effective rate,
 * at most once per window; each success then adds a fortieth of the configured rate back (20 successes undo a halving).
 */
export class RequestBudget {
  private configuredRpm: number
  private effective: number
  private tokens: number
  private lastRefill: number
  private readonly sent: number[] = []
  private holdUntil = 0
  private decreaseAllowedAt = 0
  /** When a take was last refused (the budget, not the server, held a request back). */
  private refusedAt = Number.NEGATIVE_INFINITY
  private readonly windowMs: number
  private readonly now: () => number
  private readonly random: Random

  constructor(opts: BudgetOptions) {
    this.configuredRpm = opts.rpm
    this.effective = opts.rpm
    this.windowMs = opts.windowMs
    this.now = opts.now
    this.random = opts.random
    this.tokens = this.capacity()
    this.lastRefill = opts.now()
  }

  get rpm(): number {
    return this.configuredRpm
  }

  get effectiveRpm(): number {
    return this.effective
  }

  /** Epoch ms until which the server told us to hold off, or null. */
  get rateLimitedUntil(): number | null {
    return this.holdUntil > this.now() ? this.holdUntil : null
  }

  setRpm(rpm: number): void {
    this.refill()
    const wasFull = this.effective >= this.configuredRpm
    this.configuredRpm = rpm
    this.effective = wasFull ? rpm : Math.min(this.effective, rpm)
    this.tokens = Math.min(this.tokens, this.capacity())
  }

  /** Whole requests the current window still allows (the sliding-window guard). */
  private windowAllowance(): number {
    return Math.max(1, Math.floor(this.effective))
  }

  private capacity(): number {
    return Math.max(1, Math.floor(this.effective / 10))
  }

  private refill(): void {
    const t = this.now()
    if (t <= this.lastRefill) return
    const perMs = this.effective / this.windowMs
    this.tokens = Math.min(this.capacity(), this.tokens + (t - this.lastRefill) * perMs)
    this.lastRefill = t
  }

  private prune(): void {
    const from = this.now() - this.windowMs
    while (this.sent.length > 0 && this.sent[0]! <= from) this.sent.shift()
  }

  /** True when the server is not holding us off (GETs that do not draw tokens still respect a 429). */
  isOpen(): boolean {
    return this.now() >= this.holdUntil
  }

  /** Takes one request's worth of budget if there is one now. */
  tryTake(): boolean {
    if (!this.isOpen()) return false
    this.refill()
    this.prune()
    if (this.tokens < 1 || this.sent.length >= this.windowAllowance()) {
      this.refusedAt = this.now()
      return false
    }
    this.tokens -= 1
    this.sent.push(this.now())
    return true
  }

  /** Milliseconds until tryTake can succeed (0 when it can now). */
  waitMs(): number {
    const t = this.now()
    if (t < this.holdUntil) return this.holdUntil - t
    this.refill()
    this.prune()
    const forToken = this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / (this.effective / this.windowMs))
    const oldest = this.sent[0]
    const forWindow =
      this.sent.length >= this.windowAllowance() && oldest !== undefined ? oldest + this.windowMs - t + 1 : 0
    return Math.max(forToken, forWindow)
  }

  /** Whether the budget held a request back within the last `ms` (it binds: requests queue for it). */
  refusedWithin(ms: number): boolean {
    return this.now() - this.refusedAt < ms
  }

  /** Requests one window grants at the current effective rate. */
  get perWindow(): number {
    return this.windowAllowance()
  }

  /** Share of the window's allowance used in the last window (0..1): how much slack the planner has. */
  utilization(): number {
    this.prune()
    return Math.min(1, this.sent.length / this.windowAllowance())
  }

  /** A 429: wait for the reset (plus up to 10% of a window of jitter), and halve once per window. */
  onRateLimited(resetAt?: number): void {
    const t = this.now()
    const reset =
      resetAt !== undefined && resetAt > t && resetAt - t <= this.windowMs * 2 ? resetAt : t + this.windowMs / 4
    this.holdUntil = Math.max(this.holdUntil, reset + Math.floor(this.random() * this.windowMs * 0.1))
    if (t >= this.decreaseAllowedAt) {
      this.effective = Math.max(Math.min(1, this.configuredRpm), this.effective / 2)
      this.decreaseAllowedAt = t + this.windowMs
    }
    this.tokens = 0
    this.lastRefill = Math.max(t, this.holdUntil)
  }

  /** The server says the window is spent: wait for its reset without calling it a congestion signal. */
  onRemaining(remaining: number | undefined, resetAt: number | undefined): void {
    const t = this.now()
    if (remaining === 0 && resetAt !== undefined && resetAt > t && resetAt - t <= this.windowMs * 2) {
      this.holdUntil = Math.max(this.holdUntil, resetAt)
    }
  }

  /** Additive increase back towards the configured rate. */
  onSuccess(): void {
    if (this.effective < this.configuredRpm) {
      this.refill()
      this.effective = Math.min(this.configuredRpm, this.effective + this.configuredRpm / 40)
    }
  }
}
