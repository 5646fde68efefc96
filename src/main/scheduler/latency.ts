/**
 * What we have learned about how long a job takes, from submit to the server finishing it, per (size, quality):
 * the planner aims the first status check from these samples. Until a key has its own samples it borrows the
 * pooled ones, and before anything is known it assumes EXPECTED_INFERENCE_SECONDS with a 15% spread.
 */
export interface LatencyEstimate {
  /** Milliseconds at quantile q (0..1). */
  quantile(q: number): number
  /** Share of jobs done by `ms` after submit (0..1). */
  cdf(ms: number): number
  spreadMs: number
  samples: number
}

const MAX_SAMPLES = 64
const MIN_EMPIRICAL = 8

export class LatencyModel {
  private readonly byKey = new Map<string, number[]>()
  private readonly pooled: number[] = []

  constructor(private readonly priorMs: number) {}

  static key(size: string, quality: string | undefined): string {
    return `${size}|${quality ?? '1080p'}`
  }

  add(key: string, ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) return
    push(this.byKey.get(key) ?? this.byKey.set(key, []).get(key)!, ms)
    push(this.pooled, ms)
  }

  estimate(key: string): LatencyEstimate {
    const own = this.byKey.get(key) ?? []
    const samples = own.length >= 3 ? own : this.pooled.length >= 3 ? this.pooled : []
    if (samples.length >= MIN_EMPIRICAL) return empirical(samples)
    if (samples.length > 0) return normalFrom(samples, this.priorMs)
    return normal(this.priorMs, this.priorMs * 0.15, 0)
  }
}

/**
 * Turns what we saw of each job into samples: the server's own total (queue + inference) when the result reports
 * one, else the midpoint between our last "not yet" and the "done" we saw.
 */
export class LatencyLearner {
  private readonly bracket = new Map<string, number>()

  constructor(private readonly model: LatencyModel) {}

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
      this.model.add(LatencyModel.key(cell.params.width_and_height, cell.params.quality), sample)
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

function push(list: number[], ms: number): void {
  list.push(ms)
  if (list.length > MAX_SAMPLES) list.shift()
}

function empirical(samples: readonly number[]): LatencyEstimate {
  const sorted = [...samples].sort((a, b) => a - b)
  const n = sorted.length
  const mean = sorted.reduce((a, b) => a + b, 0) / n
  const sd = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1))
  return {
    samples: n,
    spreadMs: sd,
    quantile(q) {
      const pos = Math.min(n - 1, Math.max(0, q * (n - 1)))
      const lo = Math.floor(pos)
      const hi = Math.min(n - 1, lo + 1)
      return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
    },
    cdf(ms) {
      if (ms < sorted[0]!) return 0
      if (ms >= sorted[n - 1]!) return 1
      let lo = 0
      while (lo < n - 1 && sorted[lo + 1]! <= ms) lo++
      const span = sorted[lo + 1]! - sorted[lo]!
      return (lo + (span > 0 ? (ms - sorted[lo]!) / span : 0)) / (n - 1)
    },
  }
}

/** Few samples: their mean, with a spread no tighter than 10% of it (three samples understate variance). */
function normalFrom(samples: readonly number[], priorMs: number): LatencyEstimate {
  const n = samples.length
  const mean = samples.reduce((a, b) => a + b, 0) / n
  const sd = n > 1 ? Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0
  return normal(mean, Math.max(sd, mean * 0.1, priorMs * 0.001), n)
}

function normal(mean: number, sd: number, samples: number): LatencyEstimate {
  return {
    samples,
    spreadMs: sd,
    quantile: (q) => Math.max(0, mean + sd * probit(Math.min(0.999, Math.max(0.001, q)))),
    cdf: (ms) => normalCdf((ms - mean) / sd),
  }
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function probit(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
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
