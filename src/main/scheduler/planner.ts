import type { LatencyEstimate } from './latency'

/**
 * When to check a job's status next. Not a fixed interval:
 *
 * - While nothing is known about this kind of job (the latency estimate is the wide prior), a few jobs probe (the
 *   scouts) and the rest are held. With budget slack, three scouts check within about a second and then at waits
 *   that double with the time already spent, each on its own third of the grid step, so together they sample time
 *   finely (x1.26) and a 2 min job costs each at most eight checks. When the budget binds, one scout checks at the
 *   prior's median (one check for a job like Segmind's usual), then at 3.5x that. A held job's first check is where
 *   a thrifty scout's second would be; the runner pulls it in as soon as a scout's result teaches the model, so a
 *   batch of a hundred cold jobs costs a few probes, not a hundred, and a binding budget stays near its floor.
 * - Once samples exist, the first check lands near the learned completion time and later ones follow the
 *   conditional distribution ("given it was not done at t, when will it be?"), in steps proportional to the
 *   learned spread, so the number of checks does not grow with the job's length.
 * - A job past the learned tail is checked less and less often: each wait is a share of how overdue it is, so
 *   checks grow logarithmically with its length, up to a cap; far past it (the server changed) waits also grow with
 *   the job's age.
 *
 * `aggressiveness` is the one explicit knob between the two goals: 0 spends the fewest requests (first check at
 * the 95th percentile, wide steps); 1 chases the lowest detection lag (first check at the 20th percentile, steps
 * of a third of a spread). The runner derives it from budget slack (`autoAggressiveness`); benchmarks pin it.
 */
export interface PollPlanInput {
  now: number
  submittedAt: number
  /** Status answers already received for this job (0 before the first check). */
  polls: number
  estimate: LatencyEstimate
  aggressiveness: number
  /** One "second" in wall-clock ms: 1000, or less against a time-scaled simulator. */
  unitMs: number
  /** A uniform draw in [0, 1) for jitter. */
  jitter: number
  /**
   * While nothing is learned, only a few jobs of a kind probe (the scouts); the rest wait as if requests were
   * dear and are pulled in by the runner once a scout has taught the model. Default: a scout.
   */
  scout?: boolean
}

export const FIRST_CHECK_QUANTILE = { thrifty: 0.95, eager: 0.2 } as const
export const STEP_SHARE = { thrifty: 0.6, eager: 0.45 } as const
/** Step caps in learned spreads: wide when thrifty, a third of a spread when eager. */
export const STEP_CAP_SPREADS = { thrifty: 1.5, eager: 0.35 } as const
/** Segmind's guidance: poll no more often than once a second per job. */
export const MIN_INTERVAL_UNITS = 1
/** Probing an unknown server: the first check (eager) and the growth of each wait after it. */
export const PROBE_FIRST_UNITS = 1
export const PROBE_RATIO = { thrifty: 3.5, eager: 2 } as const
/** How far apart (as a ratio) the first checks of thrifty scouts and of held jobs are spread. */
export const PROBE_STAGGER_THRIFTY = 1.15
export const HELD_STAGGER = 1.15
/** Past the learned tail, each wait is this share of how overdue the job is. */
export const OVERDUE_SHARE = { thrifty: 0.5, eager: 0.3 } as const
/** Far past the learned tail (the server changed), each wait is also this share of the job's age. */
export const CHANGED_AGE_SHARE = { thrifty: 0.6, eager: 0.35 } as const
export const MAX_INTERVAL_UNITS = 300

const lerp = (from: number, to: number, t: number): number => from + (to - from) * t
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

export function planNextCheck(p: PollPlanInput): number {
  const a = clamp(p.aggressiveness, 0, 1)
  return p.estimate.informed ? planInformed(p, a) : planProbe(p, p.scout === false ? 0 : a)
}

/** Nothing learned yet: a geometric grid of checks, staggered per job by the jitter. */
function planProbe(p: PollPlanInput, a: number): number {
  const minInterval = MIN_INTERVAL_UNITS * p.unitMs
  const ratio = lerp(PROBE_RATIO.thrifty, PROBE_RATIO.eager, a)
  const elapsed = p.now - p.submittedAt
  if (p.polls === 0) {
    const median = p.estimate.quantile(0.5)
    // A job that is not a scout is held: its first check is where a thrifty scout's second one would be, and the
    // runner pulls it in as soon as a scout's result teaches the model (if no scout ever reports, this is the
    // fallback). Its "not yet" answers would teach nothing a scout's do not, so they would only cost requests.
    if (p.scout === false) {
      const held = median * PROBE_RATIO.thrifty * HELD_STAGGER ** p.jitter
      return Math.round(p.submittedAt + Math.max(held, elapsed, 0))
    }
    // Thrifty: the prior's median (one check for a job like Segmind's usual). Eager: within a second or so.
    // Between them, a geometric blend; eager scouts are staggered over one step of the grid, so together they
    // sample time finely; a thrifty scout probes alone, so it is hardly staggered.
    const thrifty = Math.log(median)
    const eager = Math.log(PROBE_FIRST_UNITS * p.unitMs)
    const first = Math.exp(lerp(thrifty, eager, a)) * lerp(PROBE_STAGGER_THRIFTY, ratio, a) ** p.jitter
    return Math.round(p.submittedAt + Math.max(first, elapsed, 0))
  }
  const wait = clamp(elapsed * (ratio - 1), minInterval, MAX_INTERVAL_UNITS * p.unitMs)
  return Math.round(p.now + wait)
}

function planInformed(p: PollPlanInput, a: number): number {
  const est = p.estimate
  const minInterval = MIN_INTERVAL_UNITS * p.unitMs
  const elapsed = p.now - p.submittedAt
  let wait: number
  if (p.polls === 0) {
    wait = Math.max(
      0,
      p.submittedAt + est.quantile(lerp(FIRST_CHECK_QUANTILE.thrifty, FIRST_CHECK_QUANTILE.eager, a)) - p.now,
    )
  } else {
    const done = est.cdf(elapsed)
    if (done < 0.97) {
      const target = est.quantile(done + lerp(STEP_SHARE.thrifty, STEP_SHARE.eager, a) * (1 - done))
      const cap = Math.max(1.5 * minInterval, est.spreadMs * lerp(STEP_CAP_SPREADS.thrifty, STEP_CAP_SPREADS.eager, a))
      wait = clamp(target - elapsed, minInterval, cap)
    } else {
      // Past the tail: wait a share of how overdue the job is, so a stuck job costs checks logarithmic in time.
      // Two spreads past the tail the job is no late straggler but a sign the server changed: then the waits
      // grow with the job's whole age too (as when probing), so a server 3x slower costs a few checks, not twenty.
      const overdue = elapsed - est.quantile(0.97)
      const share = lerp(OVERDUE_SHARE.thrifty, OVERDUE_SHARE.eager, a)
      const changed =
        overdue > 2 * est.spreadMs ? elapsed * lerp(CHANGED_AGE_SHARE.thrifty, CHANGED_AGE_SHARE.eager, a) : 0
      wait = clamp(
        Math.max(est.spreadMs * lerp(1, 0.5, a), overdue * share, changed),
        minInterval,
        MAX_INTERVAL_UNITS * p.unitMs,
      )
    }
  }
  const jitter = Math.min(wait * 0.05, 0.5 * p.unitMs) * p.jitter
  return Math.round(p.now + wait + jitter)
}

/**
 * A check planned before the model learned something new may now be too late (or, rarely, too early): the
 * runner asks again with what is known now. The plan is made as of the last answer ("had we known then"), so a
 * job whose learned time has already passed is due at once rather than a minimum interval after the re-plan.
 * Only ever pulls a check earlier, and never closer than the minimum interval to the last answer, so re-planning
 * cannot add requests beyond what a fresh plan would spend.
 */
export function replanCheck(
  p: Omit<PollPlanInput, 'now'> & { now: number; plannedAt: number; lastAnswerAt: number },
): number {
  const fresh = planNextCheck({ ...p, now: Math.min(p.now, Math.max(p.lastAnswerAt, p.submittedAt)) })
  const earliest = p.lastAnswerAt + MIN_INTERVAL_UNITS * p.unitMs
  return Math.min(p.plannedAt, Math.max(fresh, earliest))
}

export interface SlackSignals {
  getsCountTowardRpm: boolean
  /** Share of the rate window's allowance used recently (0..1). */
  utilization: number
  /** A submit that concurrency allowed had to wait for budget within the last window. */
  submitsWaitingOnBudget: boolean
  /** The budget held any request back (a submit, a check, a result) within the last window. */
  budgetRefusedRecently?: boolean
  /** Jobs on the server now, and the requests a window grants: each job still needs a check and its result. */
  inFlight?: number
  perWindow?: number
}

/**
 * Budget slack as poll aggressiveness: when polls do not draw from the budget, or the budget has room, spend
 * requests on lower latency; when the budget binds, every extra poll delays a generation or is a request above the
 * floor of three per image, so poll as little as possible. It binds when submits are queuing for it, when it held
 * any request back within the last window, or when the jobs already out need a window's worth of requests. Those
 * signals hold steady through a batch on a small plan (utilization alone rises and falls with each slot, and a
 * knob that rose re-plans checks earlier: the wasted checks of the first slow batch on the Free plan).
 */
export function autoAggressiveness(s: SlackSignals): number {
  if (!s.getsCountTowardRpm) return 1
  if (s.submitsWaitingOnBudget || s.budgetRefusedRecently === true) return 0
  // The jobs already out need two requests each (a check, the result) at the least: when that alone fills a
  // window, the budget binds even in the quiet while they run, so a check spent early is one taken from them.
  if (s.inFlight !== undefined && s.perWindow !== undefined && 2 * s.inFlight >= s.perWindow) return 0
  return clamp((0.85 - s.utilization) / 0.5, 0, 1)
}
