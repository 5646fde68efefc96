import '../leaderboard/leaderboard.css'
import './duel.css'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { DuelPair, LeaderboardScope } from '@shared/contracts/picks'
import type { CellView } from '@shared/domain'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { plural } from '../../model/format'
import { callScope, duelActionOf, pairKey, type DuelAction } from '../../model/judging'
import { useBatches } from '../../stores/batches'
import { useJudging } from '../../stores/judging'
import { useNotices } from '../../stores/notices'
import { modalIsOpen } from '../dialog/Modal'
import { BoardBody, useScopeTitle } from '../leaderboard/LeaderboardView'
import { useLeaderboard } from '../leaderboard/useLeaderboard'
import { DuelSide } from './DuelSide'
import { RankRowDialog, cellsOfRow } from './RankRowDialog'

interface DuelState {
  pair: DuelPair | null
  /** Judgements made in this sitting (undo takes one back). */
  count: number
  status: 'loading' | 'ready' | 'error'
  error: string | null
}

/**
 * Quick duel (issue 9): two images of one row at a time, chosen by the core to teach the leaderboard most.
 * ← or → picks the better one, ↓ calls a tie, ↑ skips the pair; Undo takes back the last judgement. The
 * leaderboard beside it moves with every pick.
 */
export function DuelView(): React.JSX.Element {
  const scope = useJudging((s) => s.scope)
  const selectionCellIds = useJudging((s) => s.selectionCellIds)
  const openLeaderboard = useJudging((s) => s.openLeaderboard)
  const asked = callScope(scope, selectionCellIds)
  const key = asked ? JSON.stringify(asked) : ''
  const title = useScopeTitle(scope)
  const { board } = useLeaderboard(asked)
  const [state, setState] = useState<DuelState>({ pair: null, count: 0, status: 'loading', error: null })
  const [ranking, setRanking] = useState<{ cells: CellView[]; prompt: string } | null>(null)
  const busy = useRef(false)
  const skip = useRef<string[]>([])
  const undo = useRef<string[]>([])

  const next = useCallback(
    async (countDelta: number): Promise<void> => {
      if (!key) return
      const { pair } = await api.call('picks.nextDuel', {
        scope: JSON.parse(key) as LeaderboardScope,
        skip: skip.current.slice(-500),
      })
      setState((s) => ({ pair, count: s.count + countDelta, status: 'ready', error: null }))
    },
    [key],
  )

  // Runs one step at a time: a key pressed while the last answer is on its way is ignored, not queued.
  const run = useCallback(async (step: () => Promise<void>): Promise<void> => {
    if (busy.current) return
    busy.current = true
    try {
      await step()
    } catch (e) {
      setState((s) => ({ ...s, status: 'error', error: messageOf(e) }))
    } finally {
      busy.current = false
    }
  }, [])

  useEffect(() => {
    skip.current = []
    undo.current = []
    setState({ pair: null, count: 0, status: 'loading', error: null })
    void run(() => next(0))
  }, [next, run])

  const act = useCallback(
    (action: DuelAction) => {
      const pair = state.pair
      if (!pair) return
      void run(async () => {
        if (action === 'skip') {
          skip.current.push(pairKey(pair.left.id, pair.right.id))
          await next(0)
          return
        }
        const { groupId } = await api.call('picks.duel', {
          leftCellId: pair.left.id,
          rightCellId: pair.right.id,
          outcome: action,
        })
        undo.current.push(groupId)
        useJudging.getState().judged()
        await next(1)
      })
    },
    [state.pair, run, next],
  )

  const takeBack = useCallback(() => {
    const groupId = undo.current.at(-1)
    if (!groupId) return
    void run(async () => {
      await api.call('picks.undo', { groupId })
      undo.current.pop()
      useJudging.getState().judged()
      await next(-1)
    })
  }, [run, next])

  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (modalIsOpen() || e.altKey || e.metaKey || e.ctrlKey) {
        if ((e.ctrlKey || e.metaKey) && e.key === 'z' && !modalIsOpen()) {
          e.preventDefault()
          takeBack()
        }
        return
      }
      if (e.target instanceof HTMLElement && /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName)) return
      const action = duelActionOf(e.key)
      if (action) {
        e.preventDefault()
        act(action)
      } else if (e.key === 'u' || e.key === 'U') {
        takeBack()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [act, takeBack])

  async function rankRow(): Promise<void> {
    const pair = state.pair
    if (!pair) return
    try {
      const cells = await cellsOfRow(pair.left)
      if (cells.length < 2) useNotices.getState().push('info', 'This row has fewer than two images to rank.')
      else setRanking({ cells, prompt: pair.prompt })
    } catch (e) {
      useNotices.getState().push('error', `Could not open the row: ${messageOf(e)}`)
    }
  }

  const pair = state.pair
  return (
    <div className="duel-page" data-testid="duel-view">
      <header className="board-head">
        <div className="board-titles">
          <h2 className="board-title">Quick duel</h2>
          <p className="board-scope">{title}</p>
        </div>
        <div className="topbar-spacer" />
        <span className="duel-count" data-testid="duel-count" aria-live="polite">
          {plural(state.count, 'judgement')} this sitting
        </span>
        <button
          type="button"
          className="btn btn-small"
          disabled={state.count === 0}
          title="Take back the last judgement (U)"
          onClick={takeBack}
        >
          Undo
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!pair}
          title="Put every image of this row in order, best first"
          onClick={() => void rankRow()}
        >
          Rank this row
        </button>
        {scope.kind === 'batch' ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => useBatches.getState().openBatch(scope.batchId)}
          >
            Back to the grid
          </button>
        ) : null}
        <button type="button" className="btn btn-small" onClick={() => openLeaderboard(scope)}>
          Leaderboard
        </button>
      </header>
      <div className="duel-body">
        <section className="duel-main" aria-label="Duel">
          {!asked ? (
            <p className="muted">The selection was not kept after a reload. Select images in the library again.</p>
          ) : state.status === 'error' ? (
            <div className="banner banner-error" role="alert">
              {state.error}{' '}
              <button type="button" className="btn btn-small" onClick={() => void run(() => next(0))}>
                Try again
              </button>
            </div>
          ) : pair ? (
            <>
              <p className="duel-prompt" title={pair.prompt} data-testid="duel-prompt">
                {pair.prompt}
              </p>
              <div className="duel-pair">
                <DuelSide cell={pair.left} side="left" onPick={() => act('left')} />
                <DuelSide cell={pair.right} side="right" onPick={() => act('right')} />
              </div>
              <div className="duel-actions" role="group" aria-label="Judge this pair">
                <button type="button" className="btn" onClick={() => act('left')}>
                  <kbd className="kbd">←</kbd> Left is better
                </button>
                <button type="button" className="btn" onClick={() => act('tie')}>
                  <kbd className="kbd">↓</kbd> Tie
                </button>
                <button type="button" className="btn" onClick={() => act('skip')}>
                  <kbd className="kbd">↑</kbd> Skip
                </button>
                <button type="button" className="btn" onClick={() => act('right')}>
                  Right is better <kbd className="kbd">→</kbd>
                </button>
              </div>
            </>
          ) : state.status === 'loading' ? (
            <p className="muted">Choosing a pair…</p>
          ) : (
            <div className="board-empty" data-testid="duel-done">
              <h3>No pair left to judge</h3>
              <p>
                Every pair of styles in every row here has been judged or skipped. Generate more images to go on, or see
                where the styles stand.
              </p>
              <button type="button" className="btn btn-primary" onClick={() => openLeaderboard(scope)}>
                See the leaderboard
              </button>
            </div>
          )}
        </section>
        <aside className="duel-board" aria-label="Leaderboard">
          <h3 className="duel-board-title">Leaderboard</h3>
          {board ? <BoardBody board={board} compact /> : <p className="muted">Loading…</p>}
        </aside>
      </div>
      {ranking ? (
        <RankRowDialog
          cells={ranking.cells}
          prompt={ranking.prompt}
          onClose={() => setRanking(null)}
          onSaved={(groupId) => {
            undo.current.push(groupId)
            void run(() => next(1))
          }}
        />
      ) : null}
    </div>
  )
}
