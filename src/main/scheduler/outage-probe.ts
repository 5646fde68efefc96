import { asAppError } from '@shared/errors'
import type { SegmindApi } from '../cloud/types'
import type { ScopedLogger } from '../log'
import type { RequestBudget } from './budget'

/**
 * While the API host cannot be reached, new submits are held and this asks, now and then, whether it is back:
 * a GET of the credit balance, which is never billed (a submit as a probe could create a job whose answer is
 * lost). Any HTTP answer, even an error status, means the host is there again. Polls of jobs already sent go on
 * by themselves meanwhile (their own backoff, operations.ts), and any answer they get ends the hold too.
 */
export class OutageProbe {
  private failures = 0
  private probeAt = 0
  private running: Promise<void> | null = null

  constructor(
    private readonly deps: {
      client: SegmindApi
      budget: RequestBudget
      log: ScopedLogger
      now(): number
      /** Wait before the next probe after the n-th failed one (jittered, capped). */
      backoffMs(failures: number): number
      /** The host answered: the caller ends the hold. */
      answered(): void
      /** A probe ended: the caller's queue should look again. */
      settled(): void
    },
  ) {}

  /** A hold begins: the first probe waits one backoff (the submits that failed just now were the last try). */
  begin(now: number): void {
    this.failures = 1
    this.probeAt = now + this.deps.backoffMs(this.failures)
  }

  /** Called on each tick of a held queue; returns when the queue should wake for the next probe. */
  serve(now: number, signal: AbortSignal): number {
    if (this.running) return Number.POSITIVE_INFINITY
    if (now < this.probeAt) return this.probeAt
    const { budget } = this.deps
    if (!budget.isOpen()) return now + budget.waitMs()
    if (!budget.tryTake()) return now + Math.max(1, budget.waitMs())
    this.running = this.deps.client
      .credits({ signal })
      .then(
        () => this.deps.answered(),
        (e: unknown) => {
          const err = asAppError(e)
          if (err.status !== undefined) {
            this.deps.answered()
            return
          }
          this.failures++
          this.probeAt = this.deps.now() + this.deps.backoffMs(this.failures)
          this.deps.log.debug('API still unreachable', { failures: this.failures, kind: err.kind })
        },
      )
      .finally(() => {
        this.running = null
        this.deps.settled()
      })
    return Number.POSITIVE_INFINITY
  }

  get busy(): boolean {
    return this.running !== null
  }

  async settle(): Promise<void> {
    await this.running
  }
}
