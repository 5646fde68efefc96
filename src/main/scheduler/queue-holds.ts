import type { PauseReason } from '@shared/contracts'
import { LibraryDiskWatch } from '../library/library-faults'
import { fullJitterBackoff } from './backoff'
import type { RequestBudget } from './budget'
import { networkHoldReason } from './classify'
import { OutageProbe } from './outage-probe'
import type { SchedulerOptions } from './runner'

/**
 * The two stops of the queue that must never cost a paid image (issue 7), kept apart from the runner's loop:
 * - an unreachable API host holds new submits (kind `network`, not a halt: polls go on) and a probe asks now and
 *   then whether it is back; any answer lifts the hold, with no click;
 * - a library folder that cannot take images (or a disk below the free-space floor) pauses the queue (kind
 *   `library`) before a submit wave starts; jobs already sent are still collected as far as they can be.
 */
export class QueueHolds {
  readonly probe: OutageProbe
  readonly disk: LibraryDiskWatch

  constructor(
    private readonly d: {
      opts: SchedulerOptions
      budget: RequestBudget
      unitMs: number
      reason(): PauseReason | null
      setReason(reason: PauseReason | null): void
      pauseQueue(reason: PauseReason): void
      /** Submits may leave at once again (the host answered). */
      resetSubmitGate(): void
      stopping(): boolean
      requestTick(): void
      checkIdle(): void
    },
  ) {
    const { opts } = d
    this.probe = new OutageProbe({
      client: opts.client,
      budget: d.budget,
      log: opts.log,
      now: opts.now,
      backoffMs: (n) => fullJitterBackoff(n, d.unitMs, 30 * d.unitMs, opts.random),
      answered: () => this.apiAnswered(),
      settled: () => {
        d.requestTick()
        d.checkIdle()
      },
    })
    this.disk = new LibraryDiskWatch(opts.home, () => d.requestTick(), opts.minFreeBytes)
  }

  /** Submits could not connect for a few rounds: hold new ones (not a stop) and probe until the host answers. */
  holdForOutage(cause: string): void {
    if (this.d.reason() !== null || this.d.stopping()) return
    const { opts } = this.d
    const now = opts.now()
    this.d.setReason(networkHoldReason(opts.apiHost ?? 'the API host', cause, now))
    this.probe.begin(now)
    opts.log.warn('API unreachable; holding new submits', { cause })
    opts.onQueueChange()
    this.d.requestTick()
  }

  /** Any answer from the API host ends a hold for an outage. */
  apiAnswered(): void {
    if (this.d.reason()?.kind !== 'network') return
    this.d.setReason(null)
    this.d.resetSubmitGate()
    this.d.opts.log.info('API reachable again; the queue goes on')
    this.d.opts.onQueueChange()
    this.d.requestTick()
  }

  /**
   * Before each submit wave (the runner asks only when a wave would send something): the library folder can take
   * files and its disk has room (library-faults.ts). A problem pauses the queue (kind `library`) before any submit.
   */
  libraryCanTakeAWave(): boolean {
    const v = this.disk.verdict()
    if (v.kind === 'ok') return true
    if (v.kind === 'problem') this.d.pauseQueue({ kind: 'library', message: v.error.message })
    return false
  }

  async settle(): Promise<void> {
    await Promise.allSettled([this.probe.settle(), this.disk.settle()])
  }
}
