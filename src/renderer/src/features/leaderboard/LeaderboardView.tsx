import './leaderboard.css'
import type { Leaderboard } from '@shared/contracts/picks'
import { plural } from '../../model/format'
import { callScope, type JudgeScope } from '../../model/judging'
import { useBatches } from '../../stores/batches'
import { useJudging } from '../../stores/judging'
import { ForestLegend, ForestPlot } from './ForestPlot'
import { LeaderboardTable } from './LeaderboardTable'
import { useLeaderboard } from './useLeaderboard'

/** The scope in the words of the page's title. */
export function useScopeTitle(scope: JudgeScope): string {
  const batchName = useBatches((s) =>
    scope.kind === 'batch' ? (s.list.find((b) => b.id === scope.batchId)?.name ?? '…') : '',
  )
  const selected = useJudging((s) => s.selectionCellIds.length)
  if (scope.kind === 'batch') return `Batch “${batchName}”`
  if (scope.kind === 'selection') return `${plural(selected, 'selected image')}`
  return 'Whole library'
}

/** How to judge, for a board with nothing on it yet. */
function EmptyBoard(props: { onDuel?: () => void }): React.JSX.Element {
  return (
    <div className="board-empty" data-testid="leaderboard-empty">
      <h3>No judgements yet</h3>
      <p>The leaderboard ranks styles by your picks between images of the same prompt and seed. To judge:</p>
      <ul>
        <li>
          In a batch&rsquo;s grid, focus a row and press <kbd className="kbd">1</kbd>–<kbd className="kbd">9</kbd> to
          pick its winner by column, or rank the whole row.
        </li>
        <li>
          Start a quick duel: two images of one row at a time; <kbd className="kbd">←</kbd> or{' '}
          <kbd className="kbd">→</kbd> picks the better one, <kbd className="kbd">↓</kbd> calls a tie.
        </li>
      </ul>
      {props.onDuel ? (
        <button type="button" className="btn btn-primary" onClick={props.onDuel}>
          Start a duel
        </button>
      ) : null}
    </div>
  )
}

/** The chart and the table of one board (also used beside the duel, compact). */
export function BoardBody(props: { board: Leaderboard; compact?: boolean; onDuel?: () => void }): React.JSX.Element {
  const { board, compact } = props
  if (board.judgements === 0) return <EmptyBoard onDuel={props.onDuel} />
  return (
    <div className={`board-body${compact ? ' is-compact' : ''}`}>
      <p className="board-summary muted" data-testid="leaderboard-summary">
        {plural(board.judgements, 'judgement')} over {plural(board.rowsJudged, 'row')}
      </p>
      <figure className="board-figure">
        <ForestPlot standings={board.standings} compact={compact} />
        <figcaption>
          <ForestLegend />
        </figcaption>
      </figure>
      <LeaderboardTable standings={board.standings} compact={compact} />
    </div>
  )
}

/** The style leaderboard page (?view=leaderboard&batch=… or &scope=library|selection). */
export function LeaderboardView(): React.JSX.Element {
  const scope = useJudging((s) => s.scope)
  const selectionCellIds = useJudging((s) => s.selectionCellIds)
  const openDuel = useJudging((s) => s.openDuel)
  const openBatch = useBatches((s) => s.openBatch)
  const openLibrary = useBatches((s) => s.openLibrary)
  const setScope = useJudging((s) => s.setScope)
  const asked = callScope(scope, selectionCellIds)
  const { board, error, loading } = useLeaderboard(asked)
  const title = useScopeTitle(scope)
  const duel = asked ? () => openDuel(scope) : undefined

  return (
    <div className="board-page" data-testid="leaderboard-view">
      <header className="board-head">
        <div className="board-titles">
          <h2 className="board-title">Style leaderboard</h2>
          <p className="board-scope" data-testid="leaderboard-scope">
            {title}
          </p>
        </div>
        <div className="topbar-spacer" />
        {scope.kind === 'batch' ? (
          <button type="button" className="btn btn-small" onClick={() => openBatch(scope.batchId)}>
            Back to the grid
          </button>
        ) : (
          <button type="button" className="btn btn-small" onClick={openLibrary}>
            Back to the library
          </button>
        )}
        {scope.kind !== 'library' ? (
          <button type="button" className="btn btn-small" onClick={() => setScope({ kind: 'library' })}>
            Whole library
          </button>
        ) : null}
        <button type="button" className="btn btn-small btn-primary" disabled={!duel} onClick={duel}>
          Judge in duels
        </button>
      </header>
      <div className="board-scroll">
        {!asked ? (
          <div className="board-empty">
            <h3>The selection was not kept</h3>
            <p>
              A selection lives only while the window is open. Select images in the library and open their leaderboard
              again, or see the whole library&rsquo;s.
            </p>
          </div>
        ) : error ? (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        ) : board ? (
          <BoardBody board={board} onDuel={duel} />
        ) : loading ? (
          <p className="muted board-loading">Loading the leaderboard…</p>
        ) : null}
      </div>
    </div>
  )
}
