import { performance } from 'node:perf_hooks'

/**
 * Keeps each turn of the host's event loop short while many answers arrive at once. Node runs every I/O callback
 * that is ready in one pass before timers get a turn; with 100+ jobs in flight, 30 answers landing together
 * (each a commit, an image check, a file write) held the loop 100-200 ms. An operation calls `take()` after
 * each answer, before its synchronous work: while this turn has used less than `budgetMs` it goes on at once;
 * after that it continues in a later turn (a 0 ms timer), so timers, input and other callers run in between.
 * The turn ends at the check phase (setImmediate), where the clock starts again. Nothing is skipped or
 * reordered within a cell, so no arrow changes; only when it lands.
 */
export class TurnBudget {
  private startedAt: number | null = null
  private resetArmed = false

  constructor(
    /**
     * 10, not 15: a young-generation GC (10-20 ms at 10 000 cells) can fall inside any turn, so the turn's share
     * is what keeps the worst delay under 50 ms. At 10 000 near-instant cells, 15 gave delay p99 35 ms and
     * max 43-78, 10 gives p99 25 and max 32-90 (the 90: the first run after start), at the same cells per second.
     */
    private readonly budgetMs = 10,
    private readonly clock: () => number = () => performance.now(),
    /** How the loop is driven (tests drive it by hand): a later turn, and the end of this one. */
    private readonly loop: { later(fn: () => void): void; endOfTurn(fn: () => void): void } = {
      later: (fn) => setTimeout(fn, 0),
      endOfTurn: (fn) => setImmediate(fn),
    },
  ) {}

  /**
   * Starts this turn's clock if nothing did yet: work that does not wait for a turn (the scheduler's tick) still
   * uses the turn's time, so the answers handled after it in the same turn get only what is left.
   */
  begin(): void {
    if (this.startedAt !== null) return
    this.startedAt = this.clock()
    this.armReset()
  }

  /** null: go on now; a promise: resolves in a later turn that still has time. */
  take(): Promise<void> | null {
    const now = this.clock()
    if (this.startedAt === null) {
      this.startedAt = now
      this.armReset()
    }
    if (now - this.startedAt < this.budgetMs) return null
    return new Promise<void>((resolve) => this.loop.later(resolve)).then(() => this.take() ?? undefined)
  }

  private armReset(): void {
    if (this.resetArmed) return
    this.resetArmed = true
    this.loop.endOfTurn(() => {
      this.resetArmed = false
      this.startedAt = null
    })
  }
}
