/**
 * The style leaderboard: a Bradley-Terry model fitted to the user's picks.
 *
 * Each pick says "in this row, style A beat style B" (or a tie). Bradley-Terry gives every style a strength p so
 * that P(A beats B) = p_A / (p_A + p_B). We fit it with Hunter's MM algorithm (Ann. Statist. 32, 2004), which
 * climbs the likelihood monotonically and needs no step size, and count a tie as half a win for each side.
 *
 * A prior keeps one judgement from making a style infinitely good: every style plays `prior` virtual wins and
 * `prior` virtual losses against an average style of strength 1. With the prior, a style never judged sits at
 * exactly 1 with a wide interval, and the fit exists even when the judgement graph is not connected.
 *
 * Only differences of strength are identified by picks, so the board is centred: strengths are reported relative
 * to the geometric mean of its styles, and each interval is that of the contrast θ_i − mean(θ), from the inverse
 * of the observed Fisher information of log-strengths: exp(θ ± 1.96·se), narrow after many judgements, wide
 * after few.
 */

export interface Judgement {
  winner: string
  loser: string
  /** A tie: neither was better. Counted as half a win for each. */
  tie?: boolean
}

export interface StyleStanding {
  style: string
  /** Strength on the ratio scale, relative to the geometric mean of the board's styles (an average style is 1). */
  strength: number
  /** log(strength): additive, so differences read as log-odds of winning. */
  theta: number
  /** 95% interval of the strength. Infinite bounds only when the fit has no prior and no anchor for this style. */
  low: number
  high: number
  /** Chance to beat an average style of this board (strength 1): p / (p + 1). */
  beatsAverage: number
  wins: number
  losses: number
  ties: number
  judgements: number
  /** Wins plus half the ties, over judgements; null when never judged. */
  winRate: number | null
}

export interface FitOptions {
  /** Virtual wins and losses against an average style, per style. 0 gives the plain maximum-likelihood fit. */
  prior?: number
  maxIterations?: number
  /** Stop when no log-strength moves more than this in one sweep. */
  tolerance?: number
}

const Z95 = 1.959963984540054

interface Tally {
  styles: string[]
  index: Map<string, number>
  /** Wins counting ties as halves. */
  score: number[]
  /** n[i][j]: judgements between i and j. */
  n: number[][]
  wins: number[]
  losses: number[]
  ties: number[]
}

function tally(styles: readonly string[], judgements: readonly Judgement[]): Tally {
  const all = [...styles]
  const index = new Map<string, number>()
  for (const s of all) if (!index.has(s)) index.set(s, index.size)
  for (const j of judgements) {
    for (const s of [j.winner, j.loser]) {
      if (!index.has(s)) {
        index.set(s, index.size)
        all.push(s)
      }
    }
  }
  const k = index.size
  const unique = [...index.keys()]
  const zeros = (): number[] => new Array<number>(k).fill(0)
  const t: Tally = {
    styles: unique,
    index,
    score: zeros(),
    n: Array.from({ length: k }, zeros),
    wins: zeros(),
    losses: zeros(),
    ties: zeros(),
  }
  for (const j of judgements) {
    const a = index.get(j.winner) as number
    const b = index.get(j.loser) as number
    // A style compared with itself says nothing about styles.
    if (a === b) continue
    t.n[a][b] += 1
    t.n[b][a] += 1
    if (j.tie) {
      t.score[a] += 0.5
      t.score[b] += 0.5
      t.ties[a] += 1
      t.ties[b] += 1
    } else {
      t.score[a] += 1
      t.wins[a] += 1
      t.losses[b] += 1
    }
  }
  return t
}

/** Fits strengths; returns one standing per style (given styles first, in order, then any only seen in picks). */
export function fitLeaderboard(
  styles: readonly string[],
  judgements: readonly Judgement[],
  options: FitOptions = {},
): StyleStanding[] {
  const prior = options.prior ?? 1
  const maxIterations = options.maxIterations ?? 10_000
  const tolerance = options.tolerance ?? 1e-10
  const t = tally(styles, judgements)
  const k = t.styles.length
  const p = new Array<number>(k).fill(1)

  for (let iter = 0; iter < maxIterations; iter++) {
    let moved = 0
    for (let i = 0; i < k; i++) {
      let denom = prior > 0 ? (2 * prior) / (p[i] + 1) : 0
      for (let j = 0; j < k; j++) if (t.n[i][j] > 0) denom += t.n[i][j] / (p[i] + p[j])
      const num = t.score[i] + prior
      if (denom === 0) continue
      // A style that never won has MLE strength 0; keep it tiny but positive so logs and ratios stay finite.
      const next = Math.max(num / denom, 1e-12)
      moved = Math.max(moved, Math.abs(Math.log(next) - Math.log(p[i])))
      p[i] = next
    }
    // Without the virtual average the scale is free: pin the geometric mean to 1.
    if (prior === 0) normalizeGeometricMean(p)
    if (moved < tolerance) break
  }
  const se = contrastErrors(p, t.n, prior)
  normalizeGeometricMean(p)
  return t.styles.map((style, i) => {
    const judged = t.wins[i] + t.losses[i] + t.ties[i]
    const theta = Math.log(p[i])
    return {
      style,
      strength: p[i],
      theta,
      low: Math.exp(theta - Z95 * se[i]),
      high: Math.exp(theta + Z95 * se[i]),
      beatsAverage: p[i] / (p[i] + 1),
      wins: t.wins[i],
      losses: t.losses[i],
      ties: t.ties[i],
      judgements: judged,
      winRate: judged === 0 ? null : (t.wins[i] + t.ties[i] / 2) / judged,
    }
  })
}

/** Standings sorted best first: by strength, then by judgements (more evidence first), then by name. */
export function rankStandings(standings: readonly StyleStanding[]): StyleStanding[] {
  return [...standings].sort(
    (a, b) => b.strength - a.strength || b.judgements - a.judgements || a.style.localeCompare(b.style),
  )
}

function normalizeGeometricMean(p: number[]): void {
  const meanLog = p.reduce((s, x) => s + Math.log(x), 0) / p.length
  const f = Math.exp(-meanLog)
  for (let i = 0; i < p.length; i++) p[i] *= f
}

/**
 * Standard errors of the contrasts θ_i − mean(θ) from the observed information matrix. With a prior, the virtual
 * average anchors every style, the matrix is invertible as it is, and we take each contrast's variance
 * c'Σc. Without one, the information is singular along the all-ones direction: inverting it plus the projector
 * onto that direction yields the pseudo-inverse plus the projector, whose diagonal minus 1/k is already the
 * covariance of the centred log-strengths.
 */
function contrastErrors(p: readonly number[], n: readonly number[][], prior: number): number[] {
  const k = p.length
  const info = Array.from({ length: k }, () => new Array<number>(k).fill(0))
  for (let i = 0; i < k; i++) {
    if (prior > 0) info[i][i] += (2 * prior * p[i]) / (p[i] + 1) ** 2
    for (let j = 0; j < k; j++) {
      if (i === j || n[i][j] === 0) continue
      const w = (n[i][j] * p[i] * p[j]) / (p[i] + p[j]) ** 2
      info[i][i] += w
      info[i][j] -= w
    }
  }
  if (prior === 0) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) info[i][j] += 1 / k
  const inv = invert(info)
  if (!inv) return new Array<number>(k).fill(Number.POSITIVE_INFINITY)
  const rowMeans = inv.map((row) => row.reduce((a, b) => a + b, 0) / k)
  const grandMean = rowMeans.reduce((a, b) => a + b, 0) / k
  return inv.map((row, i) => {
    const v = prior === 0 ? row[i] - 1 / k : row[i] - 2 * rowMeans[i] + grandMean
    return Math.sqrt(Math.max(v, 0))
  })
}

/** Gauss-Jordan inverse with partial pivoting; null when singular. Matrices here are style-count sized (≤ ~20). */
export function invert(m: readonly number[][]): number[][] | null {
  const k = m.length
  const a = m.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))])
  for (let col = 0; col < k; col++) {
    let pivot = col
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r
    if (Math.abs(a[pivot][col]) < 1e-12) return null
    ;[a[col], a[pivot]] = [a[pivot], a[col]]
    const d = a[col][col]
    for (let c = 0; c < 2 * k; c++) a[col][c] /= d
    for (let r = 0; r < k; r++) {
      if (r === col) continue
      const f = a[r][col]
      if (f === 0) continue
      for (let c = 0; c < 2 * k; c++) a[r][c] -= f * a[col][c]
    }
  }
  return a.map((row) => row.slice(k))
}
