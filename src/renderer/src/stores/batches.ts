import { create } from 'zustand'
import type { BatchSummary } from '@shared/domain'

export type MainView = 'compose' | 'grid'

/** The sidebar's picture of the batches (fed by batch.list and 'batch' events) and which one is open. */
interface BatchesState {
  list: BatchSummary[]
  loaded: boolean
  selectedId: string | null
  view: MainView
  setList(list: BatchSummary[]): void
  upsert(batch: BatchSummary): void
  openBatch(batchId: string): void
  openCompose(): void
}

function newestFirst(list: BatchSummary[]): BatchSummary[] {
  return [...list].sort((a, b) => b.createdAt - a.createdAt)
}

export const useBatches = create<BatchesState>()((set, get) => ({
  list: [],
  loaded: false,
  selectedId: null,
  view: 'compose',
  setList: (list) => set({ list: newestFirst(list), loaded: true }),
  upsert: (batch) => {
    const list = get().list
    const at = list.findIndex((b) => b.id === batch.id)
    if (at === -1) set({ list: newestFirst([...list, batch]) })
    else set({ list: list.map((b, i) => (i === at ? batch : b)) })
  },
  openBatch: (selectedId) => set({ selectedId, view: 'grid' }),
  openCompose: () => set({ view: 'compose' }),
}))
