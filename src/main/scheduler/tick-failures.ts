import type { ScopedLogger } from '../log'

/**
 * Consecutive ticks that threw (a database that refuses a write: SQLITE_BUSY, SQLITE_FULL, SQLITE_IOERR). The
 * runner logs each and waits longer before the next try, instead of letting the error kill the host process.
 */
export class TickFailures {
  private count = 0

  constructor(
    private readonly log: ScopedLogger,
    private readonly backoffMs: (failures: number) => number,
  ) {}

  /** Records a failed tick and returns how long to wait before the next one. */
  failed(error: unknown): number {
    this.count++
    this.log.error('queue step failed; will try again', { failures: this.count, error: String(error) })
    return Math.max(1, this.backoffMs(this.count))
  }

  succeeded(): void {
    if (this.count > 0) this.log.info('queue step works again', { after: this.count })
    this.count = 0
  }
}
