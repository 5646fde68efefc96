import type { LatencyEstimate } from './latency'

/**
 * When to check a job's status next. Not a fixed interval: the first check lands near the learned completion
 * time, later ones follow the conditional distribution ("given it was not done at t, when will it be?"), and a job
 * past the learned tail is checked less and less often.
 *
 * `aggressiveness` is the one explicit knob between the two goals: 0 spends the fewest requests (first check at
 * the 85th percentile, wide steps); 1 chases the lowest detection lag (first check at the 20th percentile, steps
 * of 1.5 s). The runner derives it from budget slack (`autoAggressiveness`); benchmarks can pin it.
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
}

export const FIRST_CHECK_QUANTILE = { thrifty: 0.85, eager: 0.2 } as const
export const STEP_SHARE = { thrifty: 0.6, eager: 0.35 } as const
/** Segmind's guidance: poll no more often than once a second per job. */
export const MIN_INTERVAL_UNITS = 1
export const EAGER_STEP_CAP_UNITS = 1.5
export const THRIFTY_STEP_CAP_UNITS = 4
export const MAX_INTERVAL_UNITS = 30

const lerp = (from: number, to: number, t: number): number => from + (to - from) * t
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

export function planNextCheck(p: PollPlanInput): number {
  const a = clamp(p.aggressiveness, 0, 1)
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
      const cap = lerp(Math.max(est.spreadMs, THRIFTY_STEP_CAP_UNITS * p.unitMs), EAGER_STEP_CAP_UNITS * p.unitMs, a)
      wait = clamp(target - elapsed, minInterval, Math.max(minInterval, cap))
    } else {
      // Past the tail: back off in proportion to how overdue the job is, so a stuck job costs little.
      const overdue = elapsed - est.quantile(0.97)
      wait = clamp(Math.max(est.spreadMs * lerp(1, 0.5, a), overdue * 0.25), minInterval, MAX_INTERVAL_UNITS * p.unitMs)
    }
  }
  const jitter = Math.min(wait * 0.05, 0.5 * p.unitMs) * p.jitter
  return Math.round(p.now + wait + jitter)
}

export interface SlackSignals {
  getsCountTowardRpm: boolean
  /** Share of the rate window's allowance used recently (0..1). */
  utilization: number
  /** A submit that concurrency allowed had to wait for budget within the last window. */
  submitsWaitingOnBudget: boolean
}

/**
 * Budget slack as poll aggressiveness: when polls do not draw from the budget, or the budget has room, spend
 * requests on lower latency; when submits are queuing for budget, every extra poll delays a generation, so
 * poll as little as possible.
 */
export function autoAggressiveness(s: SlackSignals): number {
  if (!s.getsCountTowardRpm) return 1
  if (s.submitsWaitingOnBudget) return 0
  return clamp((0.85 - s.utilization) / 0.5, 0, 1)
}
