import type { PauseReason } from '@shared/contracts'
import type { CellRow } from '../db/cells'
import { fullJitterBackoff, type Random } from './backoff'
import type { RequestBudget } from './budget'
import { JOB_RETENTION_SECONDS, MAX_UNREACHABLE_SUBMITS } from './classify'
import type { CommitExtra } from './commit'
import { LatencyModel, type LatencyLearner } from './latency'
import type { OpContext } from './operations'
import type { NotFoundStreaks } from './not-found'
import { planNextCheck } from './planner'
import { ReachabilityWatch } from './reachability'
import type { SchedulerOptions } from './runner'
import type { SaveRate } from './save-rate'
import type { CellEvent } from './transition'
import { TurnBudget } from './turn-budget'

/**
 * When submits may leave again after failures that created no job (connection refused, 5xx), and whether the
 * API host is out of reach altogether. Runner state, kept apart so the runner reads as the queue's loop.
 */
export class SubmitGate {
  private failures = 0
  /** No submit leaves before this time. */
  notBefore = 0
  readonly reach = new ReachabilityWatch(MAX_UNREACHABLE_SUBMITS)

  constructor(
    private readonly unitMs: number,
    private readonly random: Random,
  ) {}

  defer(now: number): void {
    this.failures++
    this.notBefore = now + fullJitterBackoff(this.failures, this.unitMs, 30 * this.unitMs, this.random)
  }

  succeeded(): void {
    this.failures = 0
  }

  /** The user resumed: try at once, and count unreachable rounds from zero. */
  reset(): void {
    this.notBefore = 0
    this.failures = 0
    this.reach.reset()
  }
}

/** What the runner lends its operations. */
export interface OpContextParts {
  opts: SchedulerOptions
  budget: RequestBudget
  latency: LatencyModel
  learner: LatencyLearner
  saveRate: SaveRate
  gate: SubmitGate
  unitMs: number
  stopped: AbortSignal
  aggressiveness(): number
  /** Whether this job probes an unknown server for the others (see replan.ts). */
  isScout(cell: Pick<CellRow, 'id' | 'params'>): boolean
  /** A draw in [0, 1) that staggers this job's checks (scouts of one kind spread evenly over a grid step). */
  jitterFor(cell: Pick<CellRow, 'id' | 'params'>): number
  /** Tells the re-planner which knob a check was planned with. */
  notePlanned(cellId: string, aggressiveness: number): void
  commit(cellId: string, event: CellEvent, extra?: CommitExtra): CellRow | null
  pauseQueue(reason: PauseReason): void
  notFound: NotFoundStreaks
  /** Rounds of submits could not connect at all: hold new submits until the API answers again. */
  apiUnreachable(cause: string): void
  /** The API answered something: end a hold for an outage. */
  apiAnswered(): void
}

export function buildOpContext(p: OpContextParts): OpContext {
  const { opts, unitMs } = p
  const turns = new TurnBudget()
  return {
    db: opts.db,
    home: opts.home,
    client: opts.client,
    log: opts.log,
    budget: p.budget,
    now: opts.now,
    newId: opts.newId,
    settings: opts.settings,
    commit: (id, e, x) => p.commit(id, e, x),
    pauseQueue: (r) => p.pauseQueue(r),
    planCheck: (cell, at) => {
      const aggressiveness = p.aggressiveness()
      p.notePlanned(cell.id, aggressiveness)
      return planNextCheck({
        now: at,
        submittedAt: cell.submittedAt ?? at,
        polls: cell.polls,
        estimate: p.latency.estimate(LatencyModel.key(cell.params.width_and_height, cell.params.quality)),
        aggressiveness,
        unitMs,
        scout: p.isScout(cell),
        jitter: p.jitterFor(cell),
      })
    },
    backoffMs: (n) => fullJitterBackoff(n, unitMs, 60 * unitMs, opts.random),
    deferSubmits: () => p.gate.defer(opts.now()),
    submitSucceeded: () => p.gate.succeeded(),
    submitUnreachable: (cell, cause) => {
      if (p.gate.reach.unreachable(cell.id)) p.apiUnreachable(cause)
    },
    reachedApi: () => {
      p.gate.reach.reset()
      p.apiAnswered()
    },
    learn: (cell, metrics, at) =>
      metrics === undefined ? p.learner.detected(cell, at) : p.learner.finished(cell, metrics),
    noteSaved: (cell, at) => p.saveRate.note(cell.batchId, at),
    jobKeptUntil: (cell) => (cell.submittedAt === null ? null : cell.submittedAt + JOB_RETENTION_SECONDS * unitMs),
    notFound: p.notFound,
    unitMs,
    random: opts.random,
    stopped: p.stopped,
    turn: () => turns.take(),
    turnBegins: () => turns.begin(),
  }
}
