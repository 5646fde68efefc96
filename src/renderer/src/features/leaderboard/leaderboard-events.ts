import { useJudging } from '../../stores/judging'

/** What the grid's "Leaderboard" button dispatches (the grid branch owns the button; this view answers it). */
export const OPEN_LEADERBOARD_EVENT = 'soulbatch:open-leaderboard'

export function startLeaderboardEvents(): () => void {
  function onOpen(e: Event): void {
    const batchId = (e as CustomEvent<{ batchId?: unknown } | null>).detail?.batchId
    if (typeof batchId === 'string' && batchId) useJudging.getState().openLeaderboard({ kind: 'batch', batchId })
    else useJudging.getState().openLeaderboard({ kind: 'library' })
  }
  window.addEventListener(OPEN_LEADERBOARD_EVENT, onOpen)
  return () => window.removeEventListener(OPEN_LEADERBOARD_EVENT, onOpen)
}
