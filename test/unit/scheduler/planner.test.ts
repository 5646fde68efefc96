import { describe, expect, it } from 'vitest'
import { LatencyLearner, LatencyModel, type LatencyEstimate } from '../../../src/main/scheduler/latency'
import { autoAggressiveness, planNextCheck, replanCheck, MAX_INTERVAL_UNITS } from '../../../src/main/scheduler/planner'
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
  const est = learned(mulberry32(3), 40_000, 4000).estimate('k')
  const plan = (over: Partial<Parameters<typeof planNextCheck>[0]>): number =>
    planNextCheck({
      now: 0,
      submittedAt: 0,
      polls: 0,
      estimate: est,
      aggressiveness: 0.5,
      unitMs: 1000,
      jitter: 0,
      ...over,
    })

  it('aims the first check near the expected completion: late when thrifty, early when eager', () => {
    const thrifty = plan({ aggressiveness: 0 })
    const eager = plan({ aggressiveness: 1 })
    expect(thrifty).toBeGreaterThan(40_000)
    expect(eager).toBeLessThan(40_000)
    expect(eager).toBeGreaterThan(30_000)
  })

  it('never checks one job more often than once a second', () => {
    for (const e of [est, new LatencyModel(40_000).estimate('cold')]) {
      for (let t = 0; t < 120_000; t += 700) {
        expect(plan({ now: t, polls: 3, estimate: e, aggressiveness: 1 }) - t).toBeGreaterThanOrEqual(1000)
      }
    }
  })

  it('checks an overdue job less and less often, up to a cap', () => {
    const gap = (t: number) => plan({ now: t, polls: 9 }) - t
    expect(gap(200_000)).toBeGreaterThan(gap(80_000))
    expect(gap(30_000_000)).toBe(MAX_INTERVAL_UNITS * 1000)
  })

  it('a first check that is already overdue (after a restart) is due now', () => {
    expect(plan({ now: 100_000, aggressiveness: 0 })).toBe(100_000)
    expect(plan({ now: 100_000, aggressiveness: 1, estimate: new LatencyModel(40_000).estimate('cold') })).toBe(100_000)
  })

  it('jitter only delays, by at most 5% of the wait or half a unit', () => {
    const base = plan({})
    const jittered = plan({ jitter: 0.999 })
    expect(jittered - base).toBeGreaterThan(0)
    expect(jittered - base).toBeLessThanOrEqual(500)
  })
})

/** Plays one job of `jobMs` against the planner with a fixed estimate: checks spent and detection lag. */
function playOne(estimate: LatencyEstimate, jobMs: number, aggressiveness: number, jitter: number) {
  let n = 0
  let t = planNextCheck({ now: 0, submittedAt: 0, polls: 0, estimate, aggressiveness, unitMs: 1000, jitter })
  for (;;) {
    n++
    if (t >= jobMs) return { polls: n, lag: t - jobMs }
    t = planNextCheck({ now: t, submittedAt: 0, polls: n, estimate, aggressiveness, unitMs: 1000, jitter })
  }
}

describe('planNextCheck with nothing learned (no prior worth trusting)', () => {
  const cold = new LatencyModel(40_000).estimate('k')

  it('is marked uninformed, and informed after one sample', () => {
    expect(cold.informed).toBe(false)
    const m = new LatencyModel(40_000)
    m.add('k', 2000)
    expect(m.estimate('k').informed).toBe(true)
  })

  it('first checks within a few seconds when requests are cheap, at the prior median when they are not', () => {
    const first = (a: number, jitter: number) =>
      planNextCheck({ now: 0, submittedAt: 0, polls: 0, estimate: cold, aggressiveness: a, unitMs: 1000, jitter })
    expect(first(1, 0)).toBe(1000)
    expect(first(1, 0.999)).toBeLessThan(3000)
    expect(first(0, 0)).toBeCloseTo(40_000, -2)
  })

  it('staggers the first checks of jobs submitted together over one step of the grid', () => {
    const firsts = [0, 0.25, 0.5, 0.75].map((jitter) =>
      planNextCheck({ now: 0, submittedAt: 0, polls: 0, estimate: cold, aggressiveness: 1, unitMs: 1000, jitter }),
    )
    expect(new Set(firsts).size).toBe(4)
    expect(Math.max(...firsts) / Math.min(...firsts)).toBeLessThan(2.8)
  })

  it('a lone eager scout sees a 2 s job within a job length and a 2 min job in at most eight checks', () => {
    for (const jitter of [0, 0.3, 0.6, 0.9]) {
      const fast = playOne(cold, 2000, 1, jitter)
      expect(fast.lag).toBeLessThanOrEqual(2000)
      // x2 per step from about a second: log2(120) + 1; the batch shares them (see planner-batch.test.ts).
      const slow = playOne(cold, 120_000, 1, jitter)
      expect(slow.polls).toBeLessThanOrEqual(8)
    }
  })

  it('spends checks logarithmic in the job length, then one per capped interval', () => {
    const polls = (ms: number) => playOne(cold, ms, 1, 0.5).polls
    // Ten times longer costs a constant number of extra checks, not ten times as many.
    expect(polls(60_000) - polls(6_000)).toBeLessThanOrEqual(3)
    expect(polls(600_000) - polls(60_000)).toBeLessThanOrEqual(3)
    // Past the cap (no job waits more than MAX_INTERVAL_UNITS to be seen): one check per cap, within retention.
    expect(polls(3_600_000) - polls(600_000)).toBeLessThanOrEqual(Math.ceil(3_000_000 / (MAX_INTERVAL_UNITS * 1000)))
  })
})

describe('planNextCheck once learned: bounded checks for slow jobs, low lag for fast ones', () => {
  it('a slow server (120 s ± 10%) costs at most five checks per job on average, as many as a 40 s one', () => {
    const average = (mean: number, a: number): number => {
      const r = mulberry32(11)
      const est = learned(r, mean, mean / 10).estimate('k')
      let polls = 0
      for (let j = 0; j < 400; j++) polls += playOne(est, Math.max(1, normal(r, mean, mean / 10)), a, r()).polls
      return polls / 400
    }
    for (const a of [0, 0.5, 1]) {
      expect(average(120_000, a)).toBeLessThanOrEqual(5)
      // Steps scale with the learned spread, so the count does not grow with the job's length.
      expect(Math.abs(average(120_000, a) - average(40_000, a))).toBeLessThan(0.5)
    }
  })

  it('a fast server (2 s ± 0.3 s), eager: median lag under a second', () => {
    const r = mulberry32(12)
    const est = learned(r, 2000, 300).estimate('k')
    const lags: number[] = []
    for (let j = 0; j < 400; j++) lags.push(playOne(est, Math.max(1, normal(r, 2000, 300)), 1, r()).lag)
    lags.sort((a, b) => a - b)
    expect(lags[200]).toBeLessThan(1000)
  })

  it('a check planned before the model learned is pulled in, never pushed out, never under a second from the last answer', () => {
    const m = new LatencyModel(40_000)
    const coldPlan = planNextCheck({
      now: 1000,
      submittedAt: 0,
      polls: 1,
      estimate: m.estimate('k'),
      aggressiveness: 1,
      unitMs: 1000,
      jitter: 0,
    })
    for (let i = 0; i < 3; i++) m.add('k', 1800)
    const input = { submittedAt: 0, polls: 1, estimate: m.estimate('k'), aggressiveness: 1, unitMs: 1000, jitter: 0 }
    const pulled = replanCheck({ ...input, now: 1200, plannedAt: coldPlan, lastAnswerAt: 1000 })
    expect(pulled).toBeLessThanOrEqual(coldPlan)
    expect(pulled).toBeGreaterThanOrEqual(2000)
    expect(replanCheck({ ...input, now: 1200, plannedAt: 1500, lastAnswerAt: 1000 })).toBe(1500)
  })
})

describe('replanCheck once a scout has learned', () => {
  it('plans as of the last answer: a job whose learned time has passed is due at once, not a second after the re-plan', () => {
    const m = new LatencyModel(40_000)
    m.add('k', 2400)
    const input = { submittedAt: 0, polls: 1, estimate: m.estimate('k'), aggressiveness: 1, unitMs: 1000, jitter: 0 }
    // "Not yet" at 1.5 s; the model learned at 3.3 s; the probe grid had planned the next check at 3 s x 2.
    const due = replanCheck({ ...input, now: 3300, plannedAt: 6000, lastAnswerAt: 1500 })
    expect(due).toBeLessThanOrEqual(3300)
    expect(due).toBeGreaterThanOrEqual(2500)
  })

  it('a held job (never checked) is due at its learned first check, measured from its submit', () => {
    const m = new LatencyModel(40_000)
    m.add('k', 2400)
    const input = { submittedAt: 0, polls: 0, estimate: m.estimate('k'), aggressiveness: 1, unitMs: 1000, jitter: 0 }
    expect(replanCheck({ ...input, now: 3300, plannedAt: 140_000, lastAnswerAt: 0 })).toBeLessThanOrEqual(3300)
    expect(replanCheck({ ...input, now: 500, plannedAt: 140_000, lastAnswerAt: 0 })).toBeLessThan(2400)
  })
})

describe('planNextCheck for a kind nothing is known of: scouts and held jobs', () => {
  const cold = new LatencyModel(40_000).estimate('k')
  const first = (a: number, scout: boolean, jitter = 0) =>
    planNextCheck({ now: 0, submittedAt: 0, polls: 0, estimate: cold, aggressiveness: a, unitMs: 1000, jitter, scout })

  it('a thrifty scout checks first at the prior median, barely staggered', () => {
    expect(first(0, true)).toBeCloseTo(40_000, -2)
    expect(first(0, true, 0.999) / first(0, true)).toBeLessThan(1.16)
  })

  it("a held job's first check is where a thrifty scout's second would be, whatever the knob", () => {
    for (const a of [0, 1]) {
      expect(first(a, false)).toBeCloseTo(140_000, -3)
      expect(first(a, false, 0.999)).toBeLessThan(140_000 * 1.16)
    }
  })

  it('binding: a 2 min job costs its lone scout two checks, a 2 s or 40 s job one', () => {
    expect(playOne(cold, 120_000, 0, 0.5).polls).toBe(2)
    expect(playOne(cold, 2000, 0, 0.5).polls).toBe(1)
    expect(playOne(cold, 38_000, 0, 0.5).polls).toBe(1)
  })
})

describe('autoAggressiveness: budget slack', () => {
  it('binds (thrifty) when the budget refused any request within the last window', () => {
    const base = { getsCountTowardRpm: true, utilization: 0.1, submitsWaitingOnBudget: false }
    expect(autoAggressiveness(base)).toBe(1)
    expect(autoAggressiveness({ ...base, budgetRefusedRecently: true })).toBe(0)
  })
  it('binds while the jobs out need a whole window of requests (a check and a result each)', () => {
    const base = { getsCountTowardRpm: true, utilization: 0.1, submitsWaitingOnBudget: false }
    // Free plan, 4 jobs running: 8 requests due, 5 a window.
    expect(autoAggressiveness({ ...base, inFlight: 4, perWindow: 5 })).toBe(0)
    // 1 000 rpm, 8 jobs: slack.
    expect(autoAggressiveness({ ...base, inFlight: 8, perWindow: 1000 })).toBe(1)
    expect(autoAggressiveness({ ...base, getsCountTowardRpm: false, inFlight: 4, perWindow: 5 })).toBe(1)
  })
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

  it('one sample is enough to centre the estimate on it; the prior only widens it', () => {
    const m = new LatencyModel(40_000)
    m.add('a', 2000)
    const est = m.estimate('a')
    expect(est.quantile(0.5)).toBeGreaterThan(1900)
    expect(est.quantile(0.5)).toBeLessThan(2300)
    expect(est.quantile(0.9) / est.quantile(0.5)).toBeLessThan(1.6)
  })

  it('notices a server that got faster within a few jobs, and says when the estimate changed', () => {
    const m = new LatencyModel(40_000)
    for (let i = 0; i < 64; i++) m.add('a', 40_000 + (i % 5) * 500, i)
    // Samples that only confirm what is known do not count as a change (nothing is re-planned for them).
    expect(m.changedAt('a')).toBeLessThan(10)
    for (let i = 0; i < 3; i++) m.add('a', 10_000 + i * 100, 100 + i)
    const est = m.estimate('a')
    expect(est.quantile(0.5)).toBeLessThan(12_000)
    expect(est.samples).toBe(3)
    expect(m.changedAt('a')).toBe(102)
  })

  it('seeds from persisted samples and hands back only the ones it learned since', () => {
    const m = new LatencyModel(40_000)
    m.seed([
      { key: 'a', ms: 5000, at: 1 },
      { key: 'a', ms: 5200, at: 2 },
    ])
    expect(m.estimate('a').samples).toBe(2)
    expect(m.drainFresh()).toEqual([])
    m.add('a', 5100, 3)
    expect(m.drainFresh()).toEqual([{ key: 'a', ms: 5100, at: 3 }])
    expect(m.drainFresh()).toEqual([])
  })

  it('tells its listeners when a sample learned now moves an estimate, not for seeds or confirming samples', () => {
    const m = new LatencyModel(40_000)
    let calls = 0
    m.onChange(() => calls++)
    m.seed([{ key: 'a', ms: 5000, at: 1 }])
    expect(calls).toBe(0)
    m.add('b', 2000, 2)
    expect(calls).toBe(1)
    for (let i = 0; i < 10; i++) m.add('b', 2000 + (i % 2) * 20, 3 + i)
    const learned = calls
    for (let i = 0; i < 10; i++) m.add('b', 2000 + (i % 2) * 20, 20 + i)
    expect(calls).toBe(learned)
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
    // Within 2%: three samples outweigh the wide prior almost entirely.
    expect(Math.abs(m.estimate(key).quantile(0.5) / 12_000 - 1)).toBeLessThan(0.02)
  })

  it('falls back to queue + inference, then to the midpoint between the last "not yet" and the "done"', () => {
    const m = new LatencyModel(40_000)
    const l = new LatencyLearner(m)
    for (let i = 0; i < 3; i++) {
      l.detected(job(`b${i}`, 1000, 9000), 11_000)
      l.finished(job(`b${i}`, 1000, 9000), {})
    }
    expect(Math.abs(m.estimate(key).quantile(0.5) / 9000 - 1)).toBeLessThan(0.02)
    const m2 = new LatencyModel(40_000)
    const l2 = new LatencyLearner(m2)
    for (let i = 0; i < 3; i++) l2.finished(job(`c${i}`, 0, 0), { queue_time: 1, inference_time: 4 })
    expect(Math.abs(m2.estimate(key).quantile(0.5) / 5000 - 1)).toBeLessThan(0.02)
  })
})
