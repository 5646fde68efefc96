import type { BatchStatus, BatchSummary } from '@shared/domain'

/** batch.setPriority accepts -100..100. */
export const PRIORITY_MIN = -100
export const PRIORITY_MAX = 100

type Ordered = Pick<BatchSummary, 'id' | 'status' | 'priority' | 'createdAt'>

/**
 * Batches the queue still owes work to (active or held by a pause) versus finished ones. The sidebar shows the
 * two as separate sections because they are read differently: one as "what runs next", one as a history.
 */
export type BatchGroup = 'queued' | 'finished'

export function batchGroup(status: BatchStatus): BatchGroup {
  return status === 'active' || status === 'paused' ? 'queued' : 'finished'
}

const STATUS_RANK: Record<BatchStatus, number> = { active: 0, paused: 1, done: 2, cancelled: 2 }

/**
 * The sidebar's order, which batch.page also answers in (db/batch-pages.ts); events move batches, so the UI
 * re-sorts what it holds with the same rule: by status (running,
 * then paused, then finished), then priority (highest first), then age. Queued batches of equal priority read
 * oldest first because that is the order the scheduler serves them in; finished ones read newest first, like
 * any history.
 */
export function compareBatches(a: Ordered, b: Ordered): number {
  const byStatus = STATUS_RANK[a.status] - STATUS_RANK[b.status]
  if (byStatus !== 0) return byStatus
  if (a.priority !== b.priority) return b.priority - a.priority
  const age = batchGroup(a.status) === 'queued' ? a.createdAt - b.createdAt : b.createdAt - a.createdAt
  // Plain code-unit order, as SQLite compares the ids in batch.page: the pages and this sort must agree.
  return age !== 0 ? age : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export function sortBatches<T extends Ordered>(list: readonly T[]): T[] {
  return [...list].sort(compareBatches)
}

export type PriorityAction = 'top' | 'raise' | 'lower' | 'reset'

const clamp = (n: number): number => Math.min(PRIORITY_MAX, Math.max(PRIORITY_MIN, n))

/**
 * The priority an action gives a batch, or null when it would change nothing (the menu disables it).
 * "Move to top" is one above the highest other batch in the same section, so it lands first there.
 */
export function priorityAfter(list: readonly Ordered[], batchId: string, action: PriorityAction): number | null {
  const batch = list.find((b) => b.id === batchId)
  if (!batch) return null
  let next: number
  switch (action) {
    case 'top': {
      const group = batchGroup(batch.status)
      const others = list.filter((b) => b.id !== batchId && batchGroup(b.status) === group)
      if (others.length === 0) return null
      const highest = Math.max(...others.map((b) => b.priority))
      if (batch.priority > highest) return null
      next = clamp(highest + 1)
      break
    }
    case 'raise':
      next = clamp(batch.priority + 1)
      break
    case 'lower':
      next = clamp(batch.priority - 1)
      break
    case 'reset':
      next = 0
      break
  }
  return next === batch.priority ? null : next
}

/** "+2" / "−1": shown on a batch only when its priority is not the default 0. */
export function priorityMarker(priority: number): string | null {
  if (priority === 0) return null
  return priority > 0 ? `+${priority}` : `−${Math.abs(priority)}`
}

export function priorityTitle(priority: number): string {
  if (priority > 0) return `Priority ${priority}: its images are sent before those of lower-priority batches`
  if (priority < 0) return `Priority ${priority}: its images are sent after those of higher-priority batches`
  return 'Default priority'
}
