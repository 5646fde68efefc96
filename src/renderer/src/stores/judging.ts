import { create } from 'zustand'
import type { JudgeScope } from '../model/judging'
import { useBatches } from './batches'

/**
 * Which styles the leaderboard and the duel are judging (issue 9): a batch, the gallery's selection or the whole
 * library. The core owns the judgements; this store holds only what the screens are pointed at, plus a counter
 * that moves whenever a judgement is made or undone so every leaderboard on screen fetches again.
 */
interface JudgingState {
  scope: JudgeScope
  /** The cells of the gallery selection a 'selection' scope means (not in the URL: see model/judging). */
  selectionCellIds: string[]
  /** Bumped after every pick, duel or undo. */
  version: number
  setScope(scope: JudgeScope): void
  openLeaderboard(scope: JudgeScope, selectionCellIds?: string[]): void
  openDuel(scope: JudgeScope): void
  judged(): void
}

export const useJudging = create<JudgingState>()((set) => ({
  scope: { kind: 'library' },
  selectionCellIds: [],
  version: 0,
  setScope: (scope) => set({ scope }),
  openLeaderboard: (scope, selectionCellIds) => {
    set(selectionCellIds ? { scope, selectionCellIds } : { scope })
    useBatches.setState({ view: 'leaderboard' })
  },
  openDuel: (scope) => {
    set({ scope })
    useBatches.setState({ view: 'duel' })
  },
  judged: () => set((s) => ({ version: s.version + 1 })),
}))
