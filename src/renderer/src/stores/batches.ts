import { create } from 'zustand'
import type { BatchCursor, BatchPage, BatchTotals } from '@shared/contracts/batch-pages'
import type { BatchSummary } from '@shared/domain'
import { firstPage, withBatch, withoutBatch, withPage, type LoadedBatches } from '../model/batch-pages'

export type MainView = 'compose' | 'grid' | 'library' | 'leaderboard' | 'duel'

/**
 * The sidebar's picture of the batches and which one is open. Fed by batch.page one page at a time (the top of the
 * list first, further pages as the sidebar scrolls) and by 'batch' events; see model/batch-pages.ts.
 */
interface BatchesState extends LoadedBatches {
  loaded: boolean
  /** Counts and spend of the whole list from the last first page (null before it). */
  totals: BatchTotals | null
  /** A further page is on its way (one at a time). */
  loadingMore: boolean
  selectedId: string | null
  view: MainView
  /** The list's top: replaces whatever was held (start, or a reconnect). */
  setFirstPage(page: BatchPage): void
  /** A page that started after `after`; dropped when the list was reloaded since. */
  addPage(after: BatchCursor, page: BatchPage): void
  setLoadingMore(loading: boolean): void
  upsert(batch: BatchSummary): void
  /** A deleted batch leaves the list (events about it may still arrive; see upsert). */
  remove(batchId: string): void
  openBatch(batchId: string): void
  openCompose(): void
  openLibrary(): void
}

const loadedOf = (s: BatchesState): LoadedBatches => ({ list: s.list, next: s.next, spendElsewhere: s.spendElsewhere })

export const useBatches = create<BatchesState>()((set, get) => ({
  list: [],
  next: null,
  spendElsewhere: 0,
  totals: null,
  loaded: false,
  loadingMore: false,
  selectedId: null,
  view: 'compose',
  setFirstPage: (page) =>
    set({ ...firstPage(page.batches, page.next, page.totals), totals: page.totals ?? null, loaded: true }),
  addPage: (after, page) => {
    const s = get()
    // A reload (reconnect) since this page was asked for: its cursor no longer continues the list.
    if (s.next === null || s.next.id !== after.id) return
    set(withPage(loadedOf(s), page.batches, page.next))
  },
  setLoadingMore: (loadingMore) => set({ loadingMore }),
  // A new priority or status moves the batch, so the list is re-sorted on every change.
  upsert: (batch) => set(withBatch(loadedOf(get()), batch)),
  remove: (batchId) => set(withoutBatch(loadedOf(get()), batchId)),
  openBatch: (selectedId) => set({ selectedId, view: 'grid' }),
  openCompose: () => set({ view: 'compose' }),
  openLibrary: () => set({ view: 'library' }),
}))
