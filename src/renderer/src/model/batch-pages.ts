import type { BatchCursor, BatchTotals } from '@shared/contracts/batch-pages'
import type { BatchSummary } from '@shared/domain'
import { batchGroup, sortBatches, type BatchGroup } from './batch-order'

/**
 * The sidebar holds the batch list from its top down to where the pages loaded so far end (`next`, null when it
 * holds every batch). These rules keep that picture true as pages arrive and 'batch' events move batches.
 */

type Keyed = Pick<BatchSummary, 'id' | 'status' | 'priority' | 'createdAt'>

const RANK = { active: 0, paused: 1, done: 2, cancelled: 2 } as const

/** A batch's place in the list as batch.page's cursor spells it (see db/batch-pages.ts). */
export function cursorOf(b: Keyed): BatchCursor {
  const age = batchGroup(b.status) === 'queued' ? b.createdAt : -b.createdAt
  return { rank: RANK[b.status], priority: -b.priority, age, id: b.id }
}

/** True when the batch sorts after the cursor, i.e. on a page not loaded yet. */
export function isBeyond(b: Keyed, next: BatchCursor | null): boolean {
  if (next === null) return false
  const k = cursorOf(b)
  if (k.rank !== next.rank) return k.rank > next.rank
  if (k.priority !== next.priority) return k.priority > next.priority
  if (k.age !== next.age) return k.age > next.age
  return k.id > next.id
}

export interface LoadedBatches {
  list: BatchSummary[]
  next: BatchCursor | null
  /** Spend of the batches not loaded yet, so the top bar's total covers every batch. */
  spendElsewhere: number
}

const spendOf = (list: readonly BatchSummary[]): number => list.reduce((s, b) => s + b.spend, 0)

export function firstPage(
  batches: readonly BatchSummary[],
  next: BatchCursor | null,
  totals?: BatchTotals,
): LoadedBatches {
  const list = sortBatches(batches)
  const spendElsewhere = next === null || !totals ? 0 : Math.max(0, totals.spend - spendOf(list))
  return { list, next, spendElsewhere }
}

/** A further page: its batches join the list (one already there from an event is newer and stays). */
export function withPage(s: LoadedBatches, batches: readonly BatchSummary[], next: BatchCursor | null): LoadedBatches {
  const known = new Set(s.list.map((b) => b.id))
  const fresh = batches.filter((b) => !known.has(b.id))
  const list = sortBatches([...s.list, ...fresh])
  return { list, next, spendElsewhere: next === null ? 0 : Math.max(0, s.spendElsewhere - spendOf(fresh)) }
}

/**
 * A 'batch' event. A batch the sidebar holds stays and moves to its place, even past where the loaded pages end
 * (a running batch that finishes lands among older finished ones): it is still shown and its notice still fires,
 * and its page, when it comes, does not add it twice. One the sidebar has never held that sorts beyond the loaded
 * pages is left to its page, where it will be in order. A deleted batch leaves the list for good.
 */
export function withBatch(s: LoadedBatches, batch: BatchSummary): LoadedBatches {
  const before = s.list.find((b) => b.id === batch.id)
  const rest = before ? s.list.filter((b) => b.id !== batch.id) : s.list
  if (batch.deleted) return { ...s, list: rest }
  if (!before && isBeyond(batch, s.next)) return s
  return { ...s, list: sortBatches([...rest, batch]) }
}

export function withoutBatch(s: LoadedBatches, batchId: string): LoadedBatches {
  return { ...s, list: s.list.filter((b) => b.id !== batchId) }
}

/** Spent across every batch: the loaded ones as events keep them, plus the rest as the server last counted. */
export function totalSpend(s: LoadedBatches): number {
  return spendOf(s.list) + s.spendElsewhere
}

/**
 * How many batches a sidebar section holds: what is loaded once the list is complete, else the server's count
 * (never less than what is on screen: a batch made since the count was taken is loaded already).
 */
export function groupSize(
  group: BatchGroup,
  loaded: number,
  next: BatchCursor | null,
  totals: BatchTotals | null,
): number {
  if (next === null || !totals) return loaded
  return Math.max(loaded, group === 'queued' ? totals.queued : totals.finished)
}
