import type { Standing } from '@shared/contracts/picks'

/**
 * The leaderboard's forest plot, as numbers: one line per style, a dot at its strength on a log axis and its 95%
 * interval as a bar, around a reference line at 1 (an average style). Log, because strengths are ratios: twice
 * as good and half as good sit the same distance from average.
 */

/** Whether the interval clears average: the style is better, worse, or not yet told apart from average. */
export type Verdict = 'better' | 'worse' | 'unsure'

export function verdictOf(s: Pick<Standing, 'low' | 'high'>): Verdict {
  if (s.low > 1) return 'better'
  if (s.high < 1) return 'worse'
  return 'unsure'
}

/** The axis never shrinks below 0.5–2 (a narrower one magnifies noise) nor grows past 1/64–64. */
const MIN_SPAN = 2
const MAX_SPAN = 64

export interface LogAxis {
  lo: number
  hi: number
}

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) && v > 0 ? v : fallback
}

/** The axis that holds every interval (clamped: a style never judged can have a huge one) and the line at 1. */
export function axisFor(standings: readonly Pick<Standing, 'low' | 'high'>[]): LogAxis {
  let lo = 1 / MIN_SPAN
  let hi = MIN_SPAN
  for (const s of standings) {
    lo = Math.min(lo, finiteOr(s.low, 1 / MAX_SPAN))
    hi = Math.max(hi, finiteOr(s.high, MAX_SPAN))
  }
  return { lo: Math.max(lo, 1 / MAX_SPAN), hi: Math.min(hi, MAX_SPAN) }
}

/** Where a strength falls across a plot `width` wide (values outside the axis sit at its ends). */
export function xOf(axis: LogAxis, value: number, width: number): number {
  const v = Math.min(axis.hi, Math.max(axis.lo, finiteOr(value, axis.lo)))
  return ((Math.log(v) - Math.log(axis.lo)) / (Math.log(axis.hi) - Math.log(axis.lo))) * width
}

/**
 * Tick values: powers of two inside the axis, always including 1; when more than `maxTicks` would fit, every
 * second (or third…) power, so labels never crowd a narrow chart.
 */
export function ticksFor(axis: LogAxis, maxTicks = 9): number[] {
  const from = Math.ceil(Math.log2(axis.lo) - 1e-9)
  const to = Math.floor(Math.log2(axis.hi) + 1e-9)
  const count = to - from + 1
  const step = count > maxTicks ? Math.ceil(count / Math.max(2, maxTicks)) : 1
  const ticks: number[] = []
  for (let k = 0; k <= to; k += step) ticks.push(2 ** k)
  for (let k = -step; k >= from; k -= step) ticks.unshift(2 ** k)
  return ticks
}

/** A strength as a person reads it: "1", "2.35", "0.25", "16". */
export function formatStrength(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '0'
  if (value >= 10) return value.toFixed(0)
  if (value >= 1) return String(Number(value.toFixed(2)))
  return String(Number(value.toPrecision(2)))
}

/** An axis tick: below 1 as the fraction it is ("1/4"), which reads better on a ratio axis than 0.25. */
export function tickLabel(value: number): string {
  return value < 1 ? `1/${Math.round(1 / value)}` : formatStrength(value)
}

export interface ForestRow {
  styleId: string
  styleName: string
  rank: number
  /** Pixel x of the dot and the interval's ends, within the plot area. */
  x: number
  x1: number
  x2: number
  /** The interval runs past the axis at that end (drawn with an arrow). */
  cutLow: boolean
  cutHigh: boolean
  verdict: Verdict
}

export function forestRows(standings: readonly Standing[], axis: LogAxis, width: number): ForestRow[] {
  return standings.map((s) => ({
    styleId: s.styleId,
    styleName: s.styleName,
    rank: s.rank,
    x: xOf(axis, s.strength, width),
    x1: xOf(axis, s.low, width),
    x2: xOf(axis, s.high, width),
    cutLow: !(s.low >= axis.lo),
    cutHigh: !(s.high <= axis.hi),
    verdict: verdictOf(s),
  }))
}
