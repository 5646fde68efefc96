import { useEffect, useId, useRef, useState } from 'react'
import type { Standing } from '@shared/contracts/picks'
import { axisFor, forestRows, formatStrength, tickLabel, ticksFor, verdictOf, xOf } from '../../model/forest-plot'

const TOP = 12
const RIGHT = 20

/** The width the chart has on screen: it is drawn at that size so its text stays the page's size. */
function useWidth(fallback: number): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry?.contentRect.width ?? 0)
      if (w > 0) setWidth(w)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return [ref, width]
}

/** What the chart says, in words, for screen readers (the table beside it has the numbers). */
function describe(standings: Standing[]): string {
  const better = standings.filter((s) => verdictOf(s) === 'better').map((s) => s.styleName)
  const worse = standings.filter((s) => verdictOf(s) === 'worse').map((s) => s.styleName)
  const top = standings[0]
  const parts = [
    top
      ? `${top.styleName} is strongest at ${formatStrength(top.strength)} times an average style (95% interval ${formatStrength(top.low)} to ${formatStrength(top.high)}).`
      : '',
    better.length
      ? `Clearly better than average: ${better.join(', ')}.`
      : 'No style is clearly better than average yet.',
    worse.length ? `Clearly worse than average: ${worse.join(', ')}.` : '',
  ]
  return parts.filter(Boolean).join(' ')
}

/**
 * The leaderboard as a forest plot: a dot at each style's strength on a log axis, its 95% interval as a bar,
 * a dashed line at 1 (an average style). Green bars clear the line above, red ones below; grey ones cross it,
 * which means the picks cannot yet tell that style from average.
 */
export function ForestPlot(props: { standings: Standing[]; compact?: boolean }): React.JSX.Element {
  const { standings, compact } = props
  const titleId = useId()
  const descId = useId()
  const [boxRef, boxWidth] = useWidth(compact ? 300 : 600)
  const ROW = compact ? 24 : 30
  const LABEL_W = compact ? 96 : 130
  const AXIS_H = compact ? 42 : 44
  const PLOT_W = Math.max(120, boxWidth - LABEL_W - RIGHT)
  const axis = axisFor(standings)
  const rows = forestRows(standings, axis, PLOT_W)
  const ticks = ticksFor(axis, Math.floor(PLOT_W / 36))
  const height = TOP + rows.length * ROW + AXIS_H
  const width = LABEL_W + PLOT_W + RIGHT
  const one = LABEL_W + xOf(axis, 1, PLOT_W)
  const bottom = TOP + rows.length * ROW

  return (
    <div ref={boxRef} className="forest-box">
      <svg
        className={`forest${compact ? ' is-compact' : ''}`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        data-testid="forest-plot"
      >
        <title id={titleId}>Style strength with 95% intervals (1 = an average style)</title>
        <desc id={descId}>{describe(standings)}</desc>
        {ticks.map((t) => {
          const x = LABEL_W + xOf(axis, t, PLOT_W)
          return (
            <g key={t} className="forest-tick">
              <line x1={x} x2={x} y1={TOP - 4} y2={bottom} />
              <text x={x} y={bottom + 16} textAnchor="middle">
                {tickLabel(t)}
              </text>
            </g>
          )
        })}
        <line className="forest-one" x1={one} x2={one} y1={TOP - 8} y2={bottom + 2} />
        <text className="forest-axis-title" x={LABEL_W + PLOT_W / 2} y={bottom + 36} textAnchor="middle">
          {compact ? 'Strength (1 = average)' : 'Strength (log scale) — weaker ← 1 = average → stronger'}
        </text>
        {rows.map((r, i) => {
          const y = TOP + i * ROW + ROW / 2
          return (
            <g key={r.styleId} className={`forest-row verdict-${r.verdict}`} data-testid="forest-row">
              <text className="forest-name" x={LABEL_W - 12} y={y + 4} textAnchor="end">
                {r.styleName}
              </text>
              <line className="forest-bar" x1={LABEL_W + r.x1} x2={LABEL_W + r.x2} y1={y} y2={y} />
              {r.cutLow ? <path className="forest-cut" d={`M${LABEL_W + r.x1 + 6},${y - 5} l-6,5 l6,5`} /> : null}
              {r.cutHigh ? <path className="forest-cut" d={`M${LABEL_W + r.x2 - 6},${y - 5} l6,5 l-6,5`} /> : null}
              <circle className="forest-dot" cx={LABEL_W + r.x} cy={y} r={6} />
            </g>
          )
        })}
      </svg>
    </div>
  )
}

/** The chart's key, in the page's text (not in the SVG) so it wraps and reads at any width. */
export function ForestLegend(): React.JSX.Element {
  return (
    <ul className="forest-legend">
      <li>
        <span className="forest-key verdict-better" aria-hidden="true" /> Better than average
      </li>
      <li>
        <span className="forest-key verdict-unsure" aria-hidden="true" /> Not told apart yet
      </li>
      <li>
        <span className="forest-key verdict-worse" aria-hidden="true" /> Worse than average
      </li>
      <li className="muted">Bar: 95% interval · dashed line: an average style</li>
    </ul>
  )
}
