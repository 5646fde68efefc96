import { create } from 'zustand'
import type { BatchSummary } from '@shared/domain'
import { sortBatches } from '../model/batch-order'

export type MainView = 'compose' | 'grid' | 'library' | 'leaderboard' | 'duel'

/** The sidebar's picture of the batches (fed by batch.list and 'batch' events) and which one is open. */
interface BatchesState {
  list: BatchSummary[]
  loaded: boolean
  selectedId: string | null
  view: MainView
  setList(list: BatchSummary[]): void
  upsert(batch: BatchSummary): void
  /** A deleted batch leaves the list (events about it may still arrive; see upsert). */
  remove(batchId: string): void
  openBatch(batchId: string): void
  openCompose(): void
  openLibrary(): void
}

export const useBatches = create<BatchesState>()((set, get) => ({
  list: [],
  loaded: false,
  selectedId: null,
  view: 'compose',
  // batch.list answers newest first whatever the priority; the sidebar's order is the UI's (see sortBatches).
  setList: (list) => set({ list: sortBatches(list), loaded: true }),
  upsert: (batch) => {
    if (batch.deleted) {
      get().remove(batch.id)
      return
    }
    const list = get().list
    const at = list.findIndex((b) => b.id === batch.id)
    // A new priority or status moves the batch, so the list is re-sorted on every change.
    if (at === -1) set({ list: sortBatches([...list, batch]) })
    else set({ list: sortBatches(list.map((b, i) => (i === at ? batch : b))) })
  },
  remove: (batchId) => set({ list: get().list.filter((b) => b.id !== batchId) }),
  openBatch: (selectedId) => set({ selectedId, view: 'grid' }),
  openCompose: () => set({ view: 'compose' }),
  openLibrary: () => set({ view: 'library' }),
}))
