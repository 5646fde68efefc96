import { EXPECTED_INFERENCE_SECONDS } from '@shared/catalog'
import type { PauseReason, QueueStatus, Settings } from '@shared/contracts'
import type { SegmindApi } from '../cloud/types'
import type { Db } from '../db/connection'
import { runnableBatches } from '../db/batches'
import {
  countInFlight,
  countPendingRunnable,
  getCell,
  hasOpenWork,
  inFlightCells,
  nextPending,
  type CellRow,
} from '../db/cells'
import { acquireLibraryLock, type LibraryLock } from '../library/library-lock'
import type { ScopedLogger } from '../log'
import { fullJitterBackoff } from './backoff'
import { RequestBudget } from './budget'
import { commitCellEvent, type CommitExtra } from './commit'
import { LatencyLearner, LatencyModel } from './latency'
import { sendFetch, sendPoll, sendSubmit, sendSync, type OpContext } from './operations'
import { inFlightRank, pickBatch } from './pick'
import { buildOpContext, SubmitGate } from './op-context'
import { autoAggressiveness } from './planner'
import { recoverOnStart } from './recovery'
import type { CellEvent } from './transition'
import { RequestTally } from './request-tally'
import { SaveRate } from './save-rate'
import { checkSpendCaps } from './spend-gate'
import { TickFailures } from './tick-failures'

export interface SchedulerOptions {
  db: Db
  home: string
  client: SegmindApi
  log: ScopedLogger
  now: () => number
  random: () => number
  newId: () => string
  settings: () => Settings
  /** Wall-clock ms per real-model second divided by 1000: 1 against Segmind, the simulator's timeScale in demo/tests. */
  timeScale: number
  /** Pins the polling knob (0 = fewest requests, 1 = lowest detection lag); default derived from budget slack. */
  pollAggressiveness?: number
  /** The API host, named in the pause message when it cannot be reached. */
  apiHost?: string
  /** On start: whether a cell's job lived on a server that is gone (demo mode's earlier simulator). */
  jobGone?: (cell: CellRow) => boolean
  onCellChange(cell: CellRow): void
  onQueueChange(): void
  /** A batch changed without a cell changing (a budget cap paused it). */
  onBatchChange?(batchId: string): void
}

/** How long a cell rests when its operation ended without committing anything (a refused arrow). */
const SPIN_GUARD_UNITS = 2
const USER_PAUSE: PauseReason = {
  kind: 'user',
  message: 'Paused. Cells already on the server finish; nothing new is submitted.',
}
/** Problems that would fail every request alike, polls included: all traffic stops until the user resumes. */
const HALT_KINDS = new Set<PauseReason['kind']>(['auth', 'forbidden', 'network'])

/**
 * The runner: the persisted cells table is the queue, and this decides what to send next. Ticks are
 * re-entry-safe (a tick only starts operations; their answers request another tick), every answer is one
 * committed transition, and nothing about a cell lives only in memory except plans that recovery can rebuild.
 */
export class Scheduler {
  readonly budget: RequestBudget
  readonly latency: LatencyModel
  private readonly learner: LatencyLearner
  readonly unitMs: number
  private readonly windowMs: number
  private pauseReason: PauseReason | null = null
  private started = false
  private recovered = false
  private stopping = false
  private ready: Promise<void> = Promise.resolve()
  private readonly active = new Map<string, { promise: Promise<void>; abort: AbortController | null }>()
  private readonly notBefore = new Map<string, number>()
  private wakeTimer: NodeJS.Timeout | null = null
  private tickQueued = false
  private idleWaiters: (() => void)[] = []
  private readonly lastServed = new Map<string, number>()
  private serveSeq = 0
  private readonly gate: SubmitGate
  private lastSubmitBlockedAt = Number.NEGATIVE_INFINITY
  private readonly saveRate = new SaveRate()
  /** Every request the client made this session (the core's client observer counts into it). */
  readonly requests = new RequestTally()
  private readonly ctx: OpContext
  private readonly stopped = new AbortController()
  private readonly tickFailures: TickFailures
  private lock: LibraryLock | null = null

  constructor(private readonly opts: SchedulerOptions) {
    this.unitMs = 1000 * opts.timeScale
    this.windowMs = 60_000 * opts.timeScale
    this.budget = new RequestBudget({
      rpm: opts.settings().rpm,
      windowMs: this.windowMs,
      now: opts.now,
      random: opts.random,
    })
    this.latency = new LatencyModel(EXPECTED_INFERENCE_SECONDS * this.unitMs)
    this.learner = new LatencyLearner(this.latency)
    this.gate = new SubmitGate(this.unitMs, opts.random)
    this.tickFailures = new TickFailures(opts.log, (n) =>
      fullJitterBackoff(n, this.unitMs, 30 * this.unitMs, opts.random),
    )
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
      commit: (id, e, x) => this.commit(id, e, x),
      pauseQueue: (r) => this.pauseQueue(r),
    })
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
    })
      .catch((e: unknown) => this.opts.log.error('recovery failed', { error: String(e) }))
      .then(() => {
        this.recovered = true
        this.requestTick()
      })
  }

  pause(): void {
    if (this.pauseReason) return
    this.pauseReason = USER_PAUSE
    this.opts.onQueueChange()
    this.checkIdle()
  }

  resume(): void {
    this.pauseReason = null
    this.gate.reset()
    this.opts.onQueueChange()
    this.requestTick()
  }

  pauseQueue(reason: PauseReason): void {
    if (this.pauseReason?.kind === reason.kind) return
    this.pauseReason = reason
    this.opts.log.warn('queue paused', { reason: reason.kind })
    this.opts.onQueueChange()
    this.checkIdle()
  }

  get reason(): PauseReason | null {
    return this.pauseReason
  }

  status(): QueueStatus {
    const s = this.opts.settings()
    return {
      paused: this.pauseReason !== null,
      reason: this.pauseReason,
      inFlight: countInFlight(this.opts.db),
      pending: countPendingRunnable(this.opts.db),
      rpm: s.rpm,
      effectiveRpm: Math.round(this.budget.effectiveRpm * 100) / 100,
      concurrency: s.concurrency,
      rateLimitedUntil: this.budget.rateLimitedUntil,
      requests: this.requests.snapshot(),
    }
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
      submitsWaitingOnBudget: this.opts.now() - this.lastSubmitBlockedAt < this.windowMs,
    })
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
    const now = this.opts.now()
    let wake = Number.POSITIVE_INFINITY
    try {
      const s = this.opts.settings()
      if (this.budget.rpm !== s.rpm) this.budget.setRpm(s.rpm)
      const halted = this.pauseReason !== null && HALT_KINDS.has(this.pauseReason.kind)
      if (!halted) {
        wake = Math.min(wake, this.serveInFlight(now, s))
        if (this.pauseReason === null) wake = Math.min(wake, this.serveSubmits(now, s))
      }
      this.tickFailures.succeeded()
    } catch (e) {
      wake = now + this.tickFailures.failed(e)
    }
    this.armWake(wake, now)
    this.checkIdle()
  }

  /** Results and downloads first, then due polls: finishing started work comes before starting more. */
  private serveInFlight(now: number, s: Settings): number {
    let wake = Number.POSITIVE_INFINITY
    const cells = inFlightCells(this.opts.db).filter((c) => !this.active.has(c.id))
    cells.sort((a, b) => inFlightRank(a) - inFlightRank(b))
    let budgetOut = false
    for (const cell of cells) {
      const due = Math.max(cell.nextCheckAt ?? now, this.notBefore.get(cell.id) ?? 0)
      if (due > now) {
        wake = Math.min(wake, due)
        continue
      }
      const needsApi = !(cell.state === 'fetching' && cell.outputUrl)
      if (needsApi) {
        if (!this.budget.isOpen()) {
          wake = Math.min(wake, now + this.budget.waitMs())
          continue
        }
        if (s.getsCountTowardRpm) {
          if (budgetOut || !this.budget.tryTake()) {
            budgetOut = true
            wake = Math.min(wake, now + Math.max(1, this.budget.waitMs()))
            continue
          }
        }
      }
      if (cell.state === 'fetching') this.launch(cell, (signal) => sendFetch(this.ctx, cell, signal), true)
      else this.launch(cell, (signal) => sendPoll(this.ctx, cell, signal), true)
    }
    return wake
  }

  /**
   * Marks as many cells `submitting` as concurrency and budget allow, in ONE synced transaction, and only then
   * sends their POSTs: each row is on disk before its request leaves, at one fsync per tick instead of per cell.
   */
  private serveSubmits(now: number, s: Settings): number {
    if (now < this.gate.notBefore) return this.gate.notBefore
    if (!this.budget.isOpen()) return now + this.budget.waitMs()
    const toSend: CellRow[] = []
    let wake = Number.POSITIVE_INFINITY
    // IMMEDIATE: take the write lock before reading what to send, so no other writer slips in between.
    this.opts.db
      .transaction(() => {
        let inFlight = countInFlight(this.opts.db)
        while (inFlight < s.concurrency) {
          const batch = pickBatch(runnableBatches(this.opts.db), this.lastServed)
          if (!batch) return
          const cap = checkSpendCaps(this.opts.db, batch.id, s, now)
          if (cap.kind === 'daily') {
            this.pauseQueue({ kind: 'spend_limit', message: cap.message })
            return
          }
          if (cap.kind === 'batch') {
            this.opts.onBatchChange?.(batch.id)
            continue
          }
          if (!this.budget.tryTake()) {
            this.lastSubmitBlockedAt = now
            wake = now + Math.max(1, this.budget.waitMs())
            return
          }
          const cell = nextPending(this.opts.db, batch.id, 1)[0]
          if (!cell) continue
          this.lastServed.set(batch.id, ++this.serveSeq)
          const started = this.commit(cell.id, { type: 'submit', at: now })
          if (!started) continue
          inFlight++
          toSend.push(started)
        }
      })
      .immediate()
    this.gate.reach.sent(toSend.map((c) => c.id))
    for (const cell of toSend) {
      if (s.mode === 'sync') this.launch(cell, () => sendSync(this.ctx, cell), false)
      else this.launch(cell, () => sendSubmit(this.ctx, cell), false)
    }
    return wake
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
        try {
          this.guardAgainstSpin(cell.id, before)
        } catch (e) {
          this.opts.log.error('could not read a cell after its operation', { cellId: cell.id, error: String(e) })
        }
        this.requestTick()
        this.checkIdle()
      })
    this.active.set(cell.id, { promise, abort: abortable ? controller : null })
  }

  /** An operation that ended without committing anything must not be retried on the very next tick. */
  private guardAgainstSpin(cellId: string, before: number): void {
    if (this.stopping) return
    const now = this.opts.now()
    const after = getCell(this.opts.db, cellId)
    if (after && after.updatedAt === before && (after.nextCheckAt ?? 0) <= now) {
      this.notBefore.set(cellId, now + SPIN_GUARD_UNITS * this.unitMs)
    } else {
      this.notBefore.delete(cellId)
    }
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
    if (!this.recovered || this.active.size > 0 || this.tickQueued) return false
    const halted = this.pauseReason !== null && HALT_KINDS.has(this.pauseReason.kind)
    if (halted) return true
    const open = hasOpenWork(this.opts.db)
    if (open.onServer) return false
    return this.pauseReason !== null || !open.runnablePending
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
    return commitCellEvent(
      { db: this.opts.db, log: this.opts.log, onChange: (c) => this.opts.onCellChange(c) },
      cellId,
      event,
      extra,
    )
  }
}
