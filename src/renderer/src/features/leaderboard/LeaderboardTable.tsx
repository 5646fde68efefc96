import type { Standing } from '@shared/contracts/picks'
import { hueOfStyleName } from '../compare/style-hue'
import { StyleSwatch } from '../compose/StylePicker'
import { formatStrength, verdictOf } from '../../model/forest-plot'

const VERDICT_TEXT = {
  better: 'better than average',
  worse: 'worse than average',
  unsure: 'not told apart from average yet',
} as const

function percent(v: number | null): string {
  return v === null ? '—' : `${Math.round(v * 100)}%`
}

/** The standings as a table: each row starts with the style's name (screen readers and tests rely on it). */
export function LeaderboardTable(props: { standings: Standing[]; compact?: boolean }): React.JSX.Element {
  const { standings, compact } = props
  return (
    <table className={`board-table${compact ? ' is-compact' : ''}`} data-testid="leaderboard-table">
      <caption className="sr-only">Style leaderboard, strongest first</caption>
      <thead>
        <tr>
          <th scope="col">Style</th>
          <th scope="col" className="num" title="Rank">
            {compact ? '#' : 'Rank'}
          </th>
          <th scope="col" className="num" title="Bradley-Terry strength: 1 is an average style, 2 twice as strong">
            Strength
          </th>
          {compact ? null : (
            <th scope="col" className="num">
              95% interval
            </th>
          )}
          {compact ? null : (
            <th scope="col" className="num">
              Win rate
            </th>
          )}
          <th scope="col" className="num" title="Judgements: wins – losses – ties">
            {compact ? 'Judged' : 'Judgements'}
          </th>
        </tr>
      </thead>
      <tbody>
        {standings.map((s) => {
          const verdict = verdictOf(s)
          return (
            <tr key={s.styleId} data-testid="leaderboard-row" data-verdict={verdict}>
              <th scope="row" className="board-style">
                <StyleSwatch hue={hueOfStyleName(s.styleName)} size="small" />
                <span>{s.styleName}</span>
              </th>
              <td className="num board-rank">{s.rank}</td>
              <td className="num">
                <span className={`board-strength verdict-${verdict}`} title={VERDICT_TEXT[verdict]}>
                  {formatStrength(s.strength)}
                </span>
              </td>
              {compact ? null : (
                <td className="num muted">
                  {formatStrength(s.low)} – {formatStrength(s.high)}
                </td>
              )}
              {compact ? null : <td className="num">{percent(s.winRate)}</td>}
              <td className="num" title={`${s.wins} won, ${s.losses} lost, ${s.ties} tied`}>
                {s.judgements}
                {compact ? null : (
                  <span className="muted board-wlt">
                    {' '}
                    ({s.wins}–{s.losses}–{s.ties})
                  </span>
                )}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
