/**
 * What we have learned about how long a job takes, from submit to the server finishing it, per (size, quality):
 * the planner aims status checks from it.
 *
 * Job times are modelled as log-normal, with a Bayesian update of the log-mean: before any sample the prior is
 * wide on purpose (median EXPECTED_INFERENCE_SECONDS, but a server 6x faster or slower is within its 90% range),
 * so a fast or slow server is not assumed to be Segmind's 40 s. Each sample narrows it quickly: after one job the
 * prediction is centred on what that job took. A key with no samples of its own borrows the pooled samples of
 * other sizes, widened. Only the most recent samples count, and a run of samples the model did not expect
 * (a server that got faster or slower) drops the older ones, so a change is learned within a few jobs.
 */
export interface LatencyEstimate {
  /** Milliseconds at quantile q (0..1). */
  quantile(q: number): number
  /** Share of jobs done by `ms` after submit (0..1). */
  cdf(ms: number): number
  /** Distance from the median to the 84th percentile: one "sigma" in ms. */
  spreadMs: number
  samples: number
  /** False while the estimate is the wide prior: the planner then probes instead of aiming. */
  informed: boolean
}

export interface TimingSample {
  key: string
  ms: number
  /** When it was learned (epoch ms); older samples age out. */
  at: number
}

/** Log-space spread of the prior: exp(±1.645 × 1.1) ≈ ÷6 … ×6 around the median for 90% of servers. */
export const PRIOR_LOG_SD = 1.1
/** Assumed log-space spread of job times before samples show their own (about ±20%). */
const FEW_SAMPLES_LOG_SD = 0.2
/** How many samples' worth of weight that assumed spread keeps against the samples' own. */
const SPREAD_PSEUDO_SAMPLES = 3
/** Jobs are never assumed more regular than ±5%: timers and queues add at least that. */
const MIN_LOG_SD = 0.05
/** Samples borrowed from other sizes predict this one less well. */
const BORROWED_WIDEN = 1.5
export const MAX_SAMPLES = 64
/** This many samples in a row outside the model's 5%–95% range means the server changed. */
const SURPRISE_RUN = 3

export class LatencyModel {
  private readonly byKey = new Map<string, TimingSample[]>()
  private readonly pooled: TimingSample[] = []
  private readonly surprises = new Map<string, number>()
  private readonly changed = new Map<string, number>()
  private pooledChangedAt = Number.NEGATIVE_INFINITY
  /** Estimates by key until the next sample: the planner asks for them on every check it plans. */
  private readonly estimates = new Map<string, LatencyEstimate>()
  /** Posteriors of each key's own samples, and of the pooled ones, until a sample changes them. */
  private readonly posteriors = new Map<string, LatencyEstimate>()
  private pooledEstimate: LatencyEstimate | null = null
  /** Samples learned since the last drain, for the library to persist. */
  private fresh: TimingSample[] = []
  private readonly listeners: (() => void)[] = []

  constructor(private readonly priorMs: number) {}

  static key(size: string, quality: string | undefined): string {
    return `${size}|${quality ?? '1080p'}`
  }

  /** Seeds from samples kept by an earlier run (oldest first); they are not handed back by drainFresh. */
  seed(samples: readonly TimingSample[]): void {
    for (const s of samples) this.insert(s, false)
  }

  add(key: string, ms: number, at = Date.now()): void {
    this.insert({ key, ms, at }, true)
  }

  /**
   * When the estimate for `key` last changed materially (epoch ms): it became informed, or its median moved by
   * more than 10%, or its spread by more than 25%. The runner re-plans checks made before that; a sample that
   * merely confirms what was known re-plans nothing, so learning costs O(1) per job, not O(jobs in flight).
   */
  changedAt(key: string): number {
    return this.byKey.get(key)?.length ? (this.changed.get(key) ?? Number.NEGATIVE_INFINITY) : this.pooledChangedAt
  }

  /**
   * Calls `listener` when a sample learned now (not a seeded one) changes an estimate materially: the runner
   * looks at its planned checks again at once rather than at its next wake-up, which may be a grid step away.
   */
  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  pendingCount(): number {
    return this.fresh.length
  }

  drainFresh(): TimingSample[] {
    const out = this.fresh
    this.fresh = []
    return out
  }

  estimate(key: string): LatencyEstimate {
    const hit = this.estimates.get(key)
    if (hit) return hit
    const own = this.byKey.get(key) ?? []
    const est =
      own.length > 0
        ? this.ownPosterior(key, own)
        : this.pooled.length > 0
          ? this.pooledPosterior()
          : logNormal(Math.log(this.priorMs), PRIOR_LOG_SD, 0, false)
    this.estimates.set(key, est)
    return est
  }

  private insert(s: TimingSample, fresh: boolean): void {
    if (!Number.isFinite(s.ms) || s.ms <= 0) return
    const list = this.byKey.get(s.key) ?? []
    if (!this.byKey.has(s.key)) this.byKey.set(s.key, list)
    // What plans were made with: taken before a change of server drops the old samples below.
    const before = list.length > 0 ? this.ownPosterior(s.key, list) : null
    if (before && list.length >= SURPRISE_RUN) {
      const surprising = s.ms < before.quantile(0.05) || s.ms > before.quantile(0.95)
      const run = surprising ? (this.surprises.get(s.key) ?? 0) + 1 : 0
      this.surprises.set(s.key, run)
      // The server changed: forget what it did before, keep the run that showed it.
      if (run >= SURPRISE_RUN) {
        list.splice(0, list.length - (SURPRISE_RUN - 1))
        this.surprises.set(s.key, 0)
      }
    }
    const pooledBefore = this.pooled.length > 0 ? this.pooledPosterior() : null
    push(list, s)
    push(this.pooled, s)
    this.estimates.clear()
    this.posteriors.delete(s.key)
    this.pooledEstimate = null
    let moved = false
    if (movedMaterially(before, this.ownPosterior(s.key, list))) {
      this.changed.set(s.key, s.at)
      moved = true
    }
    if (movedMaterially(pooledBefore, this.pooledPosterior())) {
      this.pooledChangedAt = s.at
      moved = true
    }
    if (fresh) this.fresh.push(s)
    if (fresh && moved) for (const l of this.listeners) l()
  }

  /**
   * The posterior of a key's own samples, kept until its list changes: every finished job asks for the one before
   * and the one after its sample, and the next job's "before" is this one's "after".
   */
  private ownPosterior(key: string, list: readonly TimingSample[]): LatencyEstimate {
    const hit = this.posteriors.get(key)
    if (hit) return hit
    const est = this.posterior(list, 1)
    this.posteriors.set(key, est)
    return est
  }

  private pooledPosterior(): LatencyEstimate {
    this.pooledEstimate ??= this.posterior(this.pooled, BORROWED_WIDEN)
    return this.pooledEstimate
  }

  /** Posterior predictive of log job time: normal prior on the log-mean, spread from the samples. */
  private posterior(samples: readonly TimingSample[], widen: number): LatencyEstimate {
    // Plain loops, no arrays: this runs for every finished job (see ownPosterior).
    const n = samples.length
    let sum = 0
    for (const s of samples) sum += Math.log(s.ms)
    const mean = sum / n
    // The samples' own spread, pooled with FEW_SAMPLES_LOG_SD counted as a few samples: four jobs that happened to
    // land close together do not make the server look tighter than it is (a check planned at their 95th
    // percentile would then miss one job in five); with many samples their own spread dominates.
    let squares = 0
    for (const s of samples) squares += (Math.log(s.ms) - mean) ** 2
    const sd = Math.sqrt((SPREAD_PSEUDO_SAMPLES * FEW_SAMPLES_LOG_SD ** 2 + squares) / (SPREAD_PSEUDO_SAMPLES + n - 1))
    const sigma = Math.max(sd, MIN_LOG_SD)
    const priorPrecision = 1 / PRIOR_LOG_SD ** 2
    const dataPrecision = n / sigma ** 2
    const postVar = 1 / (priorPrecision + dataPrecision)
    const postMean = postVar * (Math.log(this.priorMs) * priorPrecision + mean * dataPrecision)
    return logNormal(postMean, Math.sqrt(postVar + sigma ** 2) * widen, n, true)
  }
}

/** Whether a plan made with `before` may be badly off under `after` (see changedAt). */
function movedMaterially(before: LatencyEstimate | null, after: LatencyEstimate): boolean {
  if (before === null || !before.informed) return true
  const median = Math.abs(Math.log(after.quantile(0.5) / before.quantile(0.5)))
  const spread = Math.abs(Math.log(Math.max(after.spreadMs, 1e-9) / Math.max(before.spreadMs, 1e-9)))
  return median > 0.1 || spread > 0.25
}

function logNormal(mu: number, sd: number, samples: number, informed: boolean): LatencyEstimate {
  const quantile = (q: number): number => Math.exp(mu + sd * probit(Math.min(0.999, Math.max(0.001, q))))
  return {
    samples,
    informed,
    spreadMs: quantile(0.8413) - quantile(0.5),
    quantile,
    cdf: (ms) => (ms <= 0 ? 0 : normalCdf((Math.log(ms) - mu) / sd)),
  }
}

/**
 * Turns what we saw of each job into samples: the server's own total (queue + inference) when the result reports
 * one, else the midpoint between our last "not yet" and the "done" we saw.
 */
export class LatencyLearner {
  private readonly bracket = new Map<string, number>()

  constructor(
    private readonly model: LatencyModel,
    private readonly now: () => number = Date.now,
  ) {}

  /** A status check saw COMPLETED at `at`; the cell still holds the time of the previous answer. */
  detected(cell: JobTiming, at: number): void {
    if (cell.submittedAt === null) return
    const lastNo = Math.max(cell.submittedAt, cell.updatedAt)
    this.bracket.set(cell.id, (lastNo + at) / 2 - cell.submittedAt)
  }

  /** The result arrived, with whatever metrics the server gave. */
  finished(cell: JobTiming, metrics: JobMetrics): void {
    const total =
      metrics.total_time ??
      (metrics.queue_time !== undefined && metrics.inference_time !== undefined
        ? metrics.queue_time + metrics.inference_time
        : undefined)
    const sample = total !== undefined ? total * 1000 : this.bracket.get(cell.id)
    this.bracket.delete(cell.id)
    if (sample !== undefined)
      this.model.add(LatencyModel.key(cell.params.width_and_height, cell.params.quality), sample, this.now())
  }
}

export interface JobTiming {
  id: string
  submittedAt: number | null
  updatedAt: number
  params: { width_and_height: string; quality?: string | undefined }
}

export interface JobMetrics {
  total_time?: number
  queue_time?: number
  inference_time?: number
}

function push(list: TimingSample[], s: TimingSample): void {
  list.push(s)
  if (list.length > MAX_SAMPLES) list.shift()
}

// Acklam's coefficients, made once: probit runs for every quantile the planner asks of an estimate.
const PROBIT_A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
]
const PROBIT_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
const PROBIT_C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
]
const PROBIT_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function probit(p: number): number {
  const a = PROBIT_A
  const b = PROBIT_B
  const c = PROBIT_C
  const d = PROBIT_D
  const lowTail = 0.02425
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    )
  }
  if (p > 1 - lowTail) return -probit(1 - p)
  const q = p - 0.5
  const r = q * q
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  )
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2))
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(z * z) / 2)
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y)
}
