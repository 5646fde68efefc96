import type { LeaderboardScope } from '@shared/contracts/picks'

/**
 * Pure pieces of judging styles (issue 9): which scope a leaderboard or a duel covers as the URL names it, the
 * duel's keys, and reordering a row while ranking it.
 */

/**
 * A leaderboard's scope as the URL holds it. A selection's cells are not written into the URL (thousands of ids);
 * they live in the judging store, so a reload of a selection board asks for the selection again.
 */
export type JudgeScope = { kind: 'batch'; batchId: string } | { kind: 'library' } | { kind: 'selection' }

/** The scope as the core's calls take it; null for a selection the window no longer holds (after a reload). */
export function callScope(scope: JudgeScope, selectionCellIds: readonly string[]): LeaderboardScope | null {
  if (scope.kind === 'batch') return { kind: 'batch', batchId: scope.batchId }
  if (scope.kind === 'library') return { kind: 'library' }
  return selectionCellIds.length > 0 ? { kind: 'selection', cellIds: [...selectionCellIds] } : null
}

export type DuelAction = 'left' | 'right' | 'tie' | 'skip'

/** ← left wins, → right wins, ↓ a tie, ↑ skip this pair. */
export function duelActionOf(key: string): DuelAction | null {
  if (key === 'ArrowLeft') return 'left'
  if (key === 'ArrowRight') return 'right'
  if (key === 'ArrowDown') return 'tie'
  if (key === 'ArrowUp') return 'skip'
  return null
}

/** The key a skipped pair is remembered by, the same whichever side each cell was shown on. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`
}

/** Moves one item to a 1-based place (a number key while ranking); out-of-range places go to the ends. */
export function placeAt<T>(order: readonly T[], item: T, place: number): T[] {
  const from = order.indexOf(item)
  if (from === -1) return [...order]
  const rest = order.filter((_, i) => i !== from)
  const to = Math.min(rest.length, Math.max(0, Math.round(place) - 1))
  return [...rest.slice(0, to), item, ...rest.slice(to)]
}

/** Moves the item at `from` to index `to` (a drag, or the up and down buttons). */
export function moveItem<T>(order: readonly T[], from: number, to: number): T[] {
  const item = order[from]
  if (item === undefined) return [...order]
  return placeAt(order, item, to + 1)
}
