/** Small, dependency-free statistics for benchmark reports. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo]!
  const b = sorted[hi]!
  return a + (b - a) * (pos - lo)
}

export interface LagSummary {
  n: number
  p50: number | null
  p90: number | null
  p99: number | null
  max: number | null
}

/** Detection lags in model seconds (wall ms / timeScale / 1000), so results read like the real 40 s model. */
export function summarizeLags(lagsMs: number[], timeScale: number): LagSummary {
  const s = lagsMs.map((ms) => ms / timeScale / 1000).sort((a, b) => a - b)
  const r = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100)
  return {
    n: s.length,
    p50: r(quantile(s, 0.5)),
    p90: r(quantile(s, 0.9)),
    p99: r(quantile(s, 0.99)),
    max: r(s.at(-1) ?? null),
  }
}

/**
 * The most images per model-minute any client could save: the request budget allows rpm / floor images (floor = 3
 * requests per image when GETs count, 1 when only submits do), and the concurrency allows concurrency / job-minutes.
 */
export function throughputBound(rpm: number, getsCount: boolean, concurrency: number, jobSeconds: number): number {
  const byBudget = rpm > 0 ? rpm / (getsCount ? 3 : 1) : Infinity
  const byConcurrency = concurrency / (jobSeconds / 60)
  return Math.min(byBudget, byConcurrency)
}
