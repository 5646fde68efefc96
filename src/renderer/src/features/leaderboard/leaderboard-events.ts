import { useJudging } from '../../stores/judging'

/** What the grid's "Leaderboard" button dispatches (the grid branch owns the button; this view answers it). */
export const OPEN_LEADERBOARD_EVENT = 'soulbatch:open-leaderboard'

/** {batchId} opens a batch's board; {cellIds} (a grid of chosen images) the board of their rows; else the library's. */
export function startLeaderboardEvents(): () => void {
  function onOpen(e: Event): void {
    const detail = (e as CustomEvent<{ batchId?: unknown; cellIds?: unknown } | null>).detail
    const judging = useJudging.getState()
    const cellIds = Array.isArray(detail?.cellIds)
      ? detail.cellIds.filter((id): id is string => typeof id === 'string').slice(0, 5000)
      : []
    if (typeof detail?.batchId === 'string' && detail.batchId) {
      judging.openLeaderboard({ kind: 'batch', batchId: detail.batchId })
    } else if (cellIds.length > 0) {
      judging.openLeaderboard({ kind: 'selection' }, cellIds)
    } else {
      judging.openLeaderboard({ kind: 'library' })
    }
  }
  window.addEventListener(OPEN_LEADERBOARD_EVENT, onOpen)
  return () => window.removeEventListener(OPEN_LEADERBOARD_EVENT, onOpen)
}
