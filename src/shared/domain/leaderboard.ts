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
  /** How many identical judgements this one stands for (a grouped count from the database); 1 when absent. */
  count?: number
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

/** A square matrix in one flat array: dense numeric code reads better as get/add than as checked indexing. */
class Square {
  readonly a: Float64Array
  constructor(readonly k: number) {
    this.a = new Float64Array(k * k)
  }
  get(i: number, j: number): number {
    return this.a[i * this.k + j] ?? 0
  }
  add(i: number, j: number, v: number): void {
    this.a[i * this.k + j] = this.get(i, j) + v
  }
}

/** Reads a vector entry; every index used here is in range by construction. */
const at = (v: ArrayLike<number>, i: number): number => v[i] ?? 0

interface Tally {
  styles: string[]
  /** Wins counting ties as halves. */
  score: Float64Array
  /** n(i, j): judgements between i and j. */
  n: Square
  wins: Float64Array
  losses: Float64Array
  ties: Float64Array
}

function tally(styles: readonly string[], judgements: readonly Judgement[]): Tally {
  const index = new Map<string, number>()
  for (const s of styles) if (!index.has(s)) index.set(s, index.size)
  for (const j of judgements) for (const s of [j.winner, j.loser]) if (!index.has(s)) index.set(s, index.size)
  const k = index.size
  const t: Tally = {
    styles: [...index.keys()],
    score: new Float64Array(k),
    n: new Square(k),
    wins: new Float64Array(k),
    losses: new Float64Array(k),
    ties: new Float64Array(k),
  }
  const bump = (v: Float64Array, i: number, by: number): void => {
    v[i] = at(v, i) + by
  }
  for (const j of judgements) {
    const a = index.get(j.winner) ?? 0
    const b = index.get(j.loser) ?? 0
    // A style compared with itself says nothing about styles.
    const w = j.count ?? 1
    if (a === b || !(w > 0)) continue
    t.n.add(a, b, w)
    t.n.add(b, a, w)
    if (j.tie) {
      bump(t.score, a, 0.5 * w)
      bump(t.score, b, 0.5 * w)
      bump(t.ties, a, w)
      bump(t.ties, b, w)
    } else {
      bump(t.score, a, w)
      bump(t.wins, a, w)
      bump(t.losses, b, w)
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
  const p = new Float64Array(k).fill(1)

  for (let iter = 0; iter < maxIterations; iter++) {
    let moved = 0
    for (let i = 0; i < k; i++) {
      const pi = at(p, i)
      let denom = prior > 0 ? (2 * prior) / (pi + 1) : 0
      for (let j = 0; j < k; j++) {
        const nij = t.n.get(i, j)
        if (nij > 0) denom += nij / (pi + at(p, j))
      }
      if (denom === 0) continue
      // A style that never won has MLE strength 0; keep it tiny but positive so logs and ratios stay finite.
      const next = Math.max((at(t.score, i) + prior) / denom, 1e-12)
      moved = Math.max(moved, Math.abs(Math.log(next) - Math.log(pi)))
      p[i] = next
    }
    // Without the virtual average the scale is free: pin the geometric mean to 1.
    if (prior === 0) normalizeGeometricMean(p)
    if (moved < tolerance) break
  }
  const se = contrastErrors(p, t.n, prior)
  normalizeGeometricMean(p)

  return t.styles.map((style, i) => {
    const wins = at(t.wins, i)
    const losses = at(t.losses, i)
    const ties = at(t.ties, i)
    const judged = wins + losses + ties
    const strength = at(p, i)
    const theta = Math.log(strength)
    const half = Z95 * at(se, i)
    return {
      style,
      strength,
      theta,
      low: Math.exp(theta - half),
      high: Math.exp(theta + half),
      beatsAverage: strength / (strength + 1),
      wins,
      losses,
      ties,
      judgements: judged,
      winRate: judged === 0 ? null : (wins + ties / 2) / judged,
    }
  })
}

/** Standings sorted best first: by strength, then by judgements (more evidence first), then by name. */
export function rankStandings(standings: readonly StyleStanding[]): StyleStanding[] {
  return [...standings].sort(
    (a, b) => b.strength - a.strength || b.judgements - a.judgements || a.style.localeCompare(b.style),
  )
}

function normalizeGeometricMean(p: Float64Array): void {
  if (p.length === 0) return
  const meanLog = p.reduce((s, x) => s + Math.log(x), 0) / p.length
  const f = Math.exp(-meanLog)
  for (let i = 0; i < p.length; i++) p[i] = at(p, i) * f
}

/**
 * Standard errors of the contrasts θ_i − mean(θ) from the observed information matrix. With a prior, the virtual
 * average anchors every style, the matrix is invertible as it is, and we take each contrast's variance
 * c'Σc. Without one, the information is singular along the all-ones direction: inverting it plus the projector
 * onto that direction yields the pseudo-inverse plus the projector, whose diagonal minus 1/k is already the
 * covariance of the centred log-strengths.
 */
function contrastErrors(p: Float64Array, n: Square, prior: number): Float64Array {
  const k = p.length
  const info = new Square(k)
  for (let i = 0; i < k; i++) {
    const pi = at(p, i)
    if (prior > 0) info.add(i, i, (2 * prior * pi) / (pi + 1) ** 2)
    for (let j = 0; j < k; j++) {
      const nij = n.get(i, j)
      if (i === j || nij === 0) continue
      const pj = at(p, j)
      const w = (nij * pi * pj) / (pi + pj) ** 2
      info.add(i, i, w)
      info.add(i, j, -w)
    }
  }
  if (prior === 0) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) info.add(i, j, 1 / k)
  const inv = invert(info)
  const se = new Float64Array(k)
  if (!inv) return se.fill(Number.POSITIVE_INFINITY)
  const rowMeans = new Float64Array(k)
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) rowMeans[i] = at(rowMeans, i) + inv.get(i, j) / k
  const grandMean = rowMeans.reduce((a, b) => a + b, 0) / k
  for (let i = 0; i < k; i++) {
    const v = prior === 0 ? inv.get(i, i) - 1 / k : inv.get(i, i) - 2 * at(rowMeans, i) + grandMean
    se[i] = Math.sqrt(Math.max(v, 0))
  }
  return se
}

/** Gauss-Jordan inverse with partial pivoting; null when singular. Matrices here are style-count sized (≤ ~20). */
export function invert(m: Square): Square | null {
  const k = m.k
  const w = 2 * k
  const a = new Square(w) // rows 0..k-1 used, columns [m | I]
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) a.add(i, j, m.get(i, j))
    a.add(i, k + i, 1)
  }
  const swap = (r1: number, r2: number): void => {
    for (let c = 0; c < w; c++) {
      const x = a.get(r1, c)
      a.a[r1 * w + c] = a.get(r2, c)
      a.a[r2 * w + c] = x
    }
  }
  for (let col = 0; col < k; col++) {
    let pivot = col
    for (let r = col + 1; r < k; r++) if (Math.abs(a.get(r, col)) > Math.abs(a.get(pivot, col))) pivot = r
    if (Math.abs(a.get(pivot, col)) < 1e-12) return null
    swap(col, pivot)
    const d = a.get(col, col)
    for (let c = 0; c < w; c++) a.a[col * w + c] = a.get(col, c) / d
    for (let r = 0; r < k; r++) {
      const f = a.get(r, col)
      if (r === col || f === 0) continue
      for (let c = 0; c < w; c++) a.add(r, c, -f * a.get(col, c))
    }
  }
  const out = new Square(k)
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out.add(i, j, a.get(i, k + j))
  return out
}

/** Builds a Square from rows (for callers and tests that think in nested arrays). */
export function squareOf(rows: readonly (readonly number[])[]): Square {
  const s = new Square(rows.length)
  rows.forEach((row, i) => row.forEach((v, j) => s.add(i, j, v)))
  return s
}

export type { Square }
