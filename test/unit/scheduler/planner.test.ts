import { describe, expect, it } from 'vitest'
import { LatencyLearner, LatencyModel } from '../../../src/main/scheduler/latency'
import { autoAggressiveness, planNextCheck, MAX_INTERVAL_UNITS } from '../../../src/main/scheduler/planner'
import { mulberry32 } from '../../../src/simulator/faults'

function normal(r: () => number, mean: number, sd: number): number {
  return mean + sd * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
}

/** Learned model of N(mean, sd) job times, as the runner would have after 64 jobs. */
function learned(r: () => number, mean: number, sd: number): LatencyModel {
  const m = new LatencyModel(40_000)
  for (let i = 0; i < 64; i++) m.add('k', Math.max(1, normal(r, mean, sd)))
  return m
}

/** Plays the planner against jobs of known length: status checks per job and detection lag. */
function play(
  aggressiveness: number,
  opts: { mean: number; sd: number; unitMs: number; jobs?: number },
): { polls: number; medianLag: number } {
  const r = mulberry32(7)
  const model = learned(r, opts.mean, opts.sd)
  const est = model.estimate('k')
  const jobs = opts.jobs ?? 1500
  let polls = 0
  const lags: number[] = []
  for (let j = 0; j < jobs; j++) {
    const done = Math.max(1, normal(r, opts.mean, opts.sd))
    let n = 0
    let t = planNextCheck({
      now: 0,
      submittedAt: 0,
      polls: 0,
      estimate: est,
      aggressiveness,
      unitMs: opts.unitMs,
      jitter: r(),
    })
    for (;;) {
      n++
      if (t >= done) break
      t = planNextCheck({
        now: t,
        submittedAt: 0,
        polls: n,
        estimate: est,
        aggressiveness,
        unitMs: opts.unitMs,
        jitter: r(),
      })
    }
    polls += n
    lags.push(t - done)
  }
  lags.sort((a, b) => a - b)
  return { polls: polls / jobs, medianLag: lags[Math.floor(jobs / 2)]! }
}

const SEGMIND_LIKE = { mean: 40_300, sd: 4000, unitMs: 1000 }

describe('planNextCheck against jobs of ~40 s ± 4 s', () => {
  it('thrifty (0): at most 1.5 status checks per job, i.e. <= 3.5 requests per image with submit and result', () => {
    expect(play(0, SEGMIND_LIKE).polls).toBeLessThanOrEqual(1.5)
  })

  it('eager (1): median detection lag under 2 s', () => {
    expect(play(1, SEGMIND_LIKE).medianLag).toBeLessThan(2000)
  })

  it('the knob trades requests for latency monotonically', () => {
    const runs = [0, 0.25, 0.5, 0.75, 1].map((a) => play(a, SEGMIND_LIKE))
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.polls).toBeGreaterThanOrEqual(runs[i - 1]!.polls)
      expect(runs[i]!.medianLag).toBeLessThanOrEqual(runs[i - 1]!.medianLag)
    }
  })

  it('with a tighter spread (±1 s) the middle of the knob meets both targets at once', () => {
    const r = play(0.5, { mean: 40_300, sd: 1000, unitMs: 1000 })
    expect(r.polls).toBeLessThanOrEqual(1.5)
    expect(r.medianLag).toBeLessThan(2000)
  })

  it('behaves the same in scaled time (a simulator at timeScale 0.002)', () => {
    const real = play(0.5, SEGMIND_LIKE)
    const scaled = play(0.5, { mean: 40_300 * 0.002, sd: 4000 * 0.002, unitMs: 2 })
    expect(scaled.polls).toBeCloseTo(real.polls, 0)
  })
})

describe('planNextCheck rules', () => {
  const est = new LatencyModel(40_000).estimate('none')

  it('aims the first check near the expected completion: late when thrifty, early when eager', () => {
    const thrifty = planNextCheck({
      now: 0,
      submittedAt: 0,
      polls: 0,
      estimate: est,
      aggressiveness: 0,
      unitMs: 1000,
      jitter: 0,
    })
    const eager = planNextCheck({
      now: 0,
      submittedAt: 0,
      polls: 0,
      estimate: est,
      aggressiveness: 1,
      unitMs: 1000,
      jitter: 0,
    })
    expect(thrifty).toBeGreaterThan(40_000)
    expect(eager).toBeLessThan(40_000)
    expect(eager).toBeGreaterThan(30_000)
  })

  it('never checks one job more often than once a second', () => {
    for (let t = 0; t < 120_000; t += 700) {
      const next = planNextCheck({
        now: t,
        submittedAt: 0,
        polls: 3,
        estimate: est,
        aggressiveness: 1,
        unitMs: 1000,
        jitter: 0,
      })
      expect(next - t).toBeGreaterThanOrEqual(1000)
    }
  })

  it('checks an overdue job less and less often, up to a cap', () => {
    const gap = (t: number) =>
      planNextCheck({ now: t, submittedAt: 0, polls: 9, estimate: est, aggressiveness: 0.5, unitMs: 1000, jitter: 0 }) -
      t
    expect(gap(200_000)).toBeGreaterThan(gap(80_000))
    expect(gap(3_000_000)).toBe(MAX_INTERVAL_UNITS * 1000)
  })

  it('a first check that is already overdue (after a restart) is due now', () => {
    expect(
      planNextCheck({
        now: 100_000,
        submittedAt: 0,
        polls: 0,
        estimate: est,
        aggressiveness: 0,
        unitMs: 1000,
        jitter: 0,
      }),
    ).toBe(100_000)
  })

  it('jitter only delays, by at most 5% of the wait or half a unit', () => {
    const base = planNextCheck({
      now: 0,
      submittedAt: 0,
      polls: 0,
      estimate: est,
      aggressiveness: 0.5,
      unitMs: 1000,
      jitter: 0,
    })
    const jittered = planNextCheck({
      now: 0,
      submittedAt: 0,
      polls: 0,
      estimate: est,
      aggressiveness: 0.5,
      unitMs: 1000,
      jitter: 0.999,
    })
    expect(jittered - base).toBeGreaterThan(0)
    expect(jittered - base).toBeLessThanOrEqual(500)
  })
})

describe('autoAggressiveness: budget slack', () => {
  it('polls eagerly when GETs are free', () => {
    expect(autoAggressiveness({ getsCountTowardRpm: false, utilization: 1, submitsWaitingOnBudget: true })).toBe(1)
  })
  it('polls as little as possible while submits wait for budget', () => {
    expect(autoAggressiveness({ getsCountTowardRpm: true, utilization: 0.1, submitsWaitingOnBudget: true })).toBe(0)
  })
  it('scales with unused budget otherwise', () => {
    const at = (u: number) =>
      autoAggressiveness({ getsCountTowardRpm: true, utilization: u, submitsWaitingOnBudget: false })
    expect(at(0.2)).toBe(1)
    expect(at(0.6)).toBeCloseTo(0.5)
    expect(at(0.9)).toBe(0)
  })
})

describe('LatencyModel', () => {
  it('assumes the prior until it learns, then follows the samples', () => {
    const m = new LatencyModel(40_000)
    expect(m.estimate('a').quantile(0.5)).toBeCloseTo(40_000, -1)
    for (let i = 0; i < 10; i++) m.add('a', 10_000 + i * 100)
    const est = m.estimate('a')
    expect(est.quantile(0.5)).toBeGreaterThan(10_000)
    expect(est.quantile(0.5)).toBeLessThan(11_000)
    expect(est.cdf(est.quantile(0.3))).toBeCloseTo(0.3, 1)
  })

  it('a size it has not seen borrows the pooled samples', () => {
    const m = new LatencyModel(40_000)
    for (let i = 0; i < 5; i++) m.add('a', 5000)
    expect(m.estimate('b').quantile(0.5)).toBeCloseTo(5000, -2)
  })

  it('ignores nonsense samples', () => {
    const m = new LatencyModel(40_000)
    m.add('a', Number.NaN)
    m.add('a', -5)
    expect(m.estimate('a').samples).toBe(0)
  })
})

describe('LatencyLearner', () => {
  const job = (id: string, submittedAt: number, updatedAt: number) => ({
    id,
    submittedAt,
    updatedAt,
    params: { width_and_height: '1536x2048', quality: '1080p' },
  })
  const key = LatencyModel.key('1536x2048', '1080p')

  it("prefers the server's total time", () => {
    const m = new LatencyModel(40_000)
    const l = new LatencyLearner(m)
    for (let i = 0; i < 3; i++) {
      l.detected(job(`a${i}`, 0, 30_000), 50_000)
      l.finished(job(`a${i}`, 0, 30_000), { total_time: 12, inference_time: 11 })
    }
    expect(m.estimate(key).quantile(0.5)).toBeCloseTo(12_000, -2)
  })

  it('falls back to queue + inference, then to the midpoint between the last "not yet" and the "done"', () => {
    const m = new LatencyModel(40_000)
    const l = new LatencyLearner(m)
    for (let i = 0; i < 3; i++) {
      l.detected(job(`b${i}`, 1000, 9000), 11_000)
      l.finished(job(`b${i}`, 1000, 9000), {})
    }
    expect(m.estimate(key).quantile(0.5)).toBeCloseTo(9000, -2)
    const m2 = new LatencyModel(40_000)
    const l2 = new LatencyLearner(m2)
    for (let i = 0; i < 3; i++) l2.finished(job(`c${i}`, 0, 0), { queue_time: 1, inference_time: 4 })
    expect(m2.estimate(key).quantile(0.5)).toBeCloseTo(5000, -2)
  })
})
