import { EXPECTED_INFERENCE_SECONDS } from '@shared/catalog'
import type { PauseReason, QueueStatus, Settings } from '@shared/contracts'
import type { CellRow, InFlightMemo } from '../db/cells'
import { noteCommit } from '../db/checkpointer'
import { acquireLibraryLock, type LibraryLock } from '../library/library-lock'
import { fullJitterBackoff } from './backoff'
import { RequestBudget } from './budget'
import { commitCellEvent, type CommitDeps, type CommitExtra } from './commit'
import { LatencyLearner, LatencyModel } from './latency'
import { sendFetch } from './fetch'
import { sendPoll, sendSubmit, sendSync, type OpContext } from './operations'
import { buildOpContext, SubmitGate } from './op-context'
import { NotFoundStreaks } from './not-found'
import { QueueHolds } from './queue-holds'
import { autoAggressiveness } from './planner'
import { refetchUnwritten } from './refetch-unwritten'
import { Replanner } from './replan'
import { TimingMemory } from './timing-memory'
import { recoverOnStart } from './recovery'
import type { CellEvent } from './transition'
import { RequestTally } from './request-tally'
import { SaveRate } from './save-rate'
import { takeSubmitWave } from './submit-wave'
import type { SchedulerOptions } from './scheduler-options'
import { TickFailures } from './tick-failures'
import { Durability, notDurableReason } from './durability'
import { SpinGuard } from './spin-guard'
import { serveInFlight, type InFlightDeps } from './serve-in-flight'
import { isHalted, queueIdle, queueStatus, USER_PAUSE } from './queue-state'

export type { SchedulerOptions } from './scheduler-options'

/** How long a cell rests when its operation ended without committing anything (a refused arrow). */
const SPIN_GUARD_UNITS = 2

/**
 * The runner: the persisted cells table is the queue, and this decides what to send next. Ticks are
 * re-entry-safe (a tick only starts operations; their answers request another tick), every answer is one
 * committed transition, and nothing about a cell lives only in memory except plans that recovery can rebuild.
 */
export class Scheduler {
  readonly budget: RequestBudget
  readonly latency: LatencyModel
  private readonly learner: LatencyLearner
  private readonly timings: TimingMemory
  private readonly replanner: Replanner
  readonly unitMs: number
  private readonly windowMs: number
  private pauseReason: PauseReason | null = null
  private started = false
  private recovered = false
  private stopping = false
  private ready: Promise<void> = Promise.resolve()
  private readonly active = new Map<string, { promise: Promise<void>; abort: AbortController | null }>()
  private wakeTimer: NodeJS.Timeout | null = null
  private tickQueued = false
  private idleWaiters: (() => void)[] = []
  private readonly lastServed = new Map<string, number>()
  private serveSeq = 0
  private readonly gate: SubmitGate
  private lastSubmitBlockedAt = Number.NEGATIVE_INFINITY
  /** Cells are waiting to be submitted and only the budget holds them back (not concurrency, not an empty queue). */
  private submitBacklog = false
  /** Cells on the server at the last tick (the planner's binding signal, see autoAggressiveness). */
  private inFlightCount = 0
  private readonly saveRate = new SaveRate()
  /** Every request the client made this session (the core's client observer counts into it). */
  readonly requests = new RequestTally()
  private readonly ctx: OpContext
  private readonly stopped = new AbortController()
  private readonly tickFailures: TickFailures
  private lock: LibraryLock | null = null
  private readonly holds: QueueHolds
  private readonly durability: Durability
  private readonly commitDeps: CommitDeps
  /** In-flight cells as last read, so a tick reads again only the rows that changed (db/cells.ts inFlightCells). */
  private readonly inFlightMemo: InFlightMemo = new Map()
  private readonly spin: SpinGuard
  private readonly inFlightDeps: InFlightDeps

  constructor(private readonly opts: SchedulerOptions) {
    this.unitMs = 1000 * opts.timeScale
    this.spin = new SpinGuard(SPIN_GUARD_UNITS * this.unitMs)
    this.durability = new Durability(opts.db, opts.log)
    const durable = this.durability.commitHook
    this.commitDeps = {
      db: opts.db,
      log: opts.log,
      onChange: (c) => opts.onCellChange(c),
      ...(durable ? { durable } : {}),
    }
    this.windowMs = 60_000 * opts.timeScale
    this.budget = new RequestBudget({
      rpm: opts.settings().rpm,
      windowMs: this.windowMs,
      now: opts.now,
      random: opts.random,
    })
    this.latency = new LatencyModel(EXPECTED_INFERENCE_SECONDS * this.unitMs)
    this.learner = new LatencyLearner(this.latency, opts.now)
    this.timings = new TimingMemory(opts.db, this.unitMs, opts.log)
    this.timings.load(this.latency, opts.now())
    this.latency.onChange(() => this.requestTick())
    this.replanner = new Replanner(this.latency, this.unitMs, () => this.aggressiveness(), opts.random)
    this.gate = new SubmitGate(this.unitMs, opts.random)
    this.tickFailures = new TickFailures(opts.log, (n) =>
      fullJitterBackoff(n, this.unitMs, 30 * this.unitMs, opts.random),
    )
    this.holds = new QueueHolds({
      opts,
      budget: this.budget,
      unitMs: this.unitMs,
      reason: () => this.pauseReason,
      setReason: (r) => (this.pauseReason = r),
      pauseQueue: (r) => this.pauseQueue(r),
      resetSubmitGate: () => this.gate.reset(),
      stopping: () => this.stopping,
      requestTick: () => this.requestTick(),
      checkIdle: () => this.checkIdle(),
    })
    this.ctx = buildOpContext({
      opts,
      budget: this.budget,
      latency: this.latency,
      unitMs: this.unitMs,
      learner: this.learner,
      saveRate: this.saveRate,
      gate: this.gate,
      stopped: this.stopped.signal,
      aggressiveness: () => this.aggressiveness(),
      isScout: (cell) => this.replanner.isScout(cell),
      jitterFor: (cell) => this.replanner.jitterFor(cell),
      notePlanned: (id, a) => this.replanner.notePlanned(id, a),
      commit: (id, e, x) => this.commit(id, e, x),
      pauseQueue: (r) => this.pauseQueue(r),
      notFound: new NotFoundStreaks(),
      apiUnreachable: (cause) => this.holds.holdForOutage(cause),
      apiAnswered: () => this.holds.apiAnswered(),
    })
    this.inFlightDeps = {
      db: opts.db,
      inFlightMemo: this.inFlightMemo,
      replanner: this.replanner,
      spin: this.spin,
      budget: this.budget,
      isActive: (id) => this.active.has(id),
      fetch: (cell) => this.launch(cell, (signal) => sendFetch(this.ctx, cell, signal), true),
      poll: (cell) => this.launch(cell, (signal) => sendPoll(this.ctx, cell, signal), true),
      onServer: (n) => (this.inFlightCount = n),
    }
  }

  /** Takes the library's lock first: throws AppError 'io' when another Soul Batch runs this library. */
  start(): void {
    if (this.started) return
    this.lock = acquireLibraryLock(this.opts.home)
    this.started = true
    this.ready = recoverOnStart({
      db: this.opts.db,
      home: this.opts.home,
      log: this.opts.log.child('recovery'),
      now: this.opts.now,
      newId: this.opts.newId,
      commit: (id, e, x) => this.commit(id, e, x),
      ...(this.opts.jobGone ? { jobGone: this.opts.jobGone } : {}),
      backgroundScan: this.opts.backgroundScan,
      busy: (id) => this.active.has(id),
      busySince: Date.now(),
    })
      .catch((e: unknown) => this.opts.log.error('recovery failed', { error: String(e) }))
      .then(() => {
        this.recovered = true
        this.requestTick()
      })
  }

  pause(): void {
    // A hold for an outage would lift by itself; the user's pause must not.
    if (this.pauseReason && this.pauseReason.kind !== 'network') return
    this.pauseReason = USER_PAUSE
    this.opts.onQueueChange()
    this.checkIdle()
  }

  /** After a library fault, also fetches again the images the library could not take (no new submit). */
  resume(): void {
    const was = this.pauseReason
    this.pauseReason = null
    this.gate.reset()
    this.holds.disk.invalidate()
    if (was?.kind === 'library') this.refetchUnwritten()
    this.opts.onQueueChange()
    this.requestTick()
  }

  pauseQueue(reason: PauseReason): void {
    if (this.pauseReason?.kind === reason.kind && this.pauseReason.message === reason.message) return
    this.pauseReason = reason
    this.opts.log.warn('queue paused', { reason: reason.kind })
    this.opts.onQueueChange()
    this.checkIdle()
  }

  /** Cells whose finished image the library could not take go back to fetching it from their kept URL. */
  refetchUnwritten(batchId?: string): { requeued: number; batchIds: string[] } {
    const out = refetchUnwritten(this.opts.db, (id, e) => this.commit(id, e), this.opts.now, batchId)
    if (out.requeued > 0) this.requestTick()
    return out
  }

  get reason(): PauseReason | null {
    return this.pauseReason
  }

  status(): QueueStatus {
    return queueStatus(this.opts.db, this.opts.settings(), this.pauseReason, this.budget, this.requests)
  }

  /** Saved images per second for a batch, from its recent saves; null until there are a few. */
  observedRate(batchId: string): number | null {
    return this.saveRate.perSecond(batchId)
  }

  /** The polling knob in force now (see planner.ts). */
  aggressiveness(): number {
    if (this.opts.pollAggressiveness !== undefined) return this.opts.pollAggressiveness
    return autoAggressiveness({
      getsCountTowardRpm: this.opts.settings().getsCountTowardRpm,
      utilization: this.budget.utilization(),
      submitsWaitingOnBudget: this.submitBacklog && this.opts.now() - this.lastSubmitBlockedAt < this.windowMs,
      budgetRefusedRecently: this.budget.refusedWithin(this.windowMs),
      inFlight: this.inFlightCount,
      perWindow: this.budget.perWindow,
    })
  }

  /** Resolves when start's recovery has run (the library scan may still be running in the background). */
  waitForRecovery(): Promise<void> {
    return this.ready
  }

  waitForIdle(): Promise<void> {
    if (!this.started) return Promise.resolve()
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve)
      void this.ready.then(() => this.checkIdle())
    })
  }

  /** Stops sending, aborts GETs (safe to repeat later), lets POSTs finish so no job is left without its row. */
  async stop(): Promise<void> {
    this.stopping = true
    this.stopped.abort()
    if (this.wakeTimer) clearTimeout(this.wakeTimer)
    this.wakeTimer = null
    await this.ready
    for (const op of this.active.values()) op.abort?.abort()
    await Promise.allSettled([...this.active.values()].map((op) => op.promise))
    await this.holds.settle()
    this.timings.flush(this.latency, this.opts.now(), true)
    await this.durability.close()
    for (const w of this.idleWaiters.splice(0)) w()
    this.lock?.release()
  }

  requestTick(): void {
    if (this.tickQueued || this.stopping || !this.recovered) return
    this.tickQueued = true
    setImmediate(() => {
      this.tickQueued = false
      this.tick()
    })
  }

  /** A tick that throws (a database that refuses a write) must not kill the host: it is logged and tried later. */
  private tick(): void {
    if (this.stopping) return
    this.ctx.turnBegins()
    const now = this.opts.now()
    let wake = Number.POSITIVE_INFINITY
    try {
      const s = this.opts.settings()
      if (this.budget.rpm !== s.rpm) this.budget.setRpm(s.rpm)
      const halted = isHalted(this.pauseReason)
      if (!halted) {
        wake = Math.min(wake, serveInFlight(this.inFlightDeps, now, s))
        if (this.pauseReason === null) wake = Math.min(wake, this.serveSubmits(now, s))
        else if (this.pauseReason.kind === 'network')
          wake = Math.min(wake, this.holds.probe.serve(now, this.stopped.signal))
      }
      this.timings.flush(this.latency, now)
      this.tickFailures.succeeded()
    } catch (e) {
      wake = now + this.tickFailures.failed(e)
    }
    this.armWake(wake, now)
    this.checkIdle()
  }

  /**
   * Marks as many cells `submitting` as concurrency and budget allow, in ONE synced transaction, and only then
   * sends their POSTs: each row is on disk before its request leaves, at one fsync per tick instead of per cell.
   */
  private serveSubmits(now: number, s: Settings): number {
    if (now < this.gate.notBefore) return this.gate.notBefore
    if (!this.budget.isOpen()) return now + this.budget.waitMs()
    const wave = takeSubmitWave(
      {
        db: this.opts.db,
        budget: this.budget,
        libraryCanTakeAWave: () => this.holds.libraryCanTakeAWave(),
        lastServed: this.lastServed,
        nextServeSeq: () => ++this.serveSeq,
        commit: (id, e) => this.commit(id, e),
        pauseQueue: (r) => this.pauseQueue(r),
        onBatchChange: this.opts.onBatchChange,
        syncedByCaller: this.durability.offThread,
      },
      now,
      s,
    )
    // Until shown otherwise, nothing waits on the budget: the queue is empty or concurrency is full.
    this.submitBacklog = wave.waitingOnBudget
    if (wave.waitingOnBudget) this.lastSubmitBlockedAt = now
    const { toSend, wake } = wave
    this.gate.reach.sent(toSend.map((c) => c.id))
    // No POST leaves before its `submitting` row is on disk: one fsync off this thread for the whole wave.
    const durable = toSend.length > 0 ? this.durability.beforePosts() : null
    for (const cell of toSend) {
      const send = s.mode === 'sync' ? () => sendSync(this.ctx, cell) : () => sendSubmit(this.ctx, cell)
      this.launch(cell, durable ? () => durable.then(send, (e: unknown) => this.notDurable(cell, e)) : send, false)
    }
    return wake
  }

  /** The wave's rows could not be made durable: nothing was sent, the cells wait again and the queue pauses. */
  private notDurable(cell: CellRow, e: unknown): void {
    this.opts.log.error('could not make a submit wave durable; nothing sent', { cellId: cell.id, error: String(e) })
    this.commit(cell.id, { type: 'submit_not_created', at: this.opts.now() })
    this.pauseQueue(notDurableReason(e))
  }

  /** Runs one operation for a cell; only GETs are `abortable` on stop (a POST cut off would leave a job unknown). */
  private launch(cell: CellRow, op: (signal: AbortSignal) => Promise<void>, abortable: boolean): void {
    const controller = new AbortController()
    const before = cell.updatedAt
    const promise = op(controller.signal)
      .catch((e: unknown) => this.opts.log.error('operation crashed', { cellId: cell.id, error: String(e) }))
      .finally(() => {
        this.active.delete(cell.id)
        this.gate.reach.settled(cell.id)
        this.spin.opEnded(cell, before, this.opts.now(), this.stopping)
        this.requestTick()
        this.checkIdle()
      })
    this.active.set(cell.id, { promise, abort: abortable ? controller : null })
    this.spin.opStarted(cell.id)
  }

  private armWake(wake: number, now: number): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer)
    this.wakeTimer = null
    if (!Number.isFinite(wake) || this.stopping) return
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = null
        this.requestTick()
      },
      Math.max(0, wake - now),
    )
  }

  private isIdle(): boolean {
    if (!this.recovered || this.active.size > 0 || this.tickQueued || this.holds.probe.busy) return false
    return queueIdle(this.opts.db, this.pauseReason)
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return
    try {
      if (!this.stopping && !this.isIdle()) return
    } catch (e) {
      // Unknown is not idle: the waiters wait for a later check (the next tick retries the database).
      this.opts.log.warn('could not check whether the queue is idle', { error: String(e) })
      return
    }
    for (const w of this.idleWaiters.splice(0)) w()
  }

  commit(cellId: string, event: CellEvent, extra?: CommitExtra): CellRow | null {
    const out = commitCellEvent(this.commitDeps, cellId, event, extra)
    noteCommit(this.opts.db)
    if (out) this.spin.committed(out)
    return out
  }
}
