import { create } from 'zustand'
import type { BatchDetail, BatchSummary, CellView, Matrix } from '@shared/domain'
import { applyCellUpdate, buildGridLayout, mergeCells, type GridLayout } from '../model/grid-layout'

/**
 * The open batch's grid: its layout (fixed per batch) and the latest copy of each cell. Each cell component
 * subscribes to its own entry, so a stream of events re-renders only the cells that changed.
 */
interface GridState {
  batchId: string | null
  status: 'idle' | 'loading' | 'ready' | 'error'
  error: string | null
  batch: BatchSummary | null
  matrix: Matrix | null
  layout: GridLayout | null
  cells: Record<string, CellView>
  startLoading(batchId: string): void
  loaded(detail: BatchDetail): void
  loadFailed(batchId: string, message: string): void
  applyCell(cell: CellView): void
  applyBatch(batch: BatchSummary): void
}

export const useGrid = create<GridState>()((set, get) => ({
  batchId: null,
  status: 'idle',
  error: null,
  batch: null,
  matrix: null,
  layout: null,
  cells: {},
  startLoading: (batchId) => {
    // A re-fetch of the open batch (after a reconnect) keeps showing what we have until the answer lands.
    if (get().batchId === batchId && get().status === 'ready') return
    set({ batchId, status: 'loading', error: null, batch: null, matrix: null, layout: null, cells: {} })
  },
  loaded: (detail) => {
    if (detail.batch.id !== get().batchId) return
    const layoutChanged = get().layout === null || Object.keys(get().cells).length !== detail.cells.length
    set({
      status: 'ready',
      batch: detail.batch,
      matrix: detail.matrix,
      layout: layoutChanged ? buildGridLayout(detail) : get().layout,
      cells: mergeCells(detail.cells, get().cells),
    })
  },
  loadFailed: (batchId, message) => {
    if (batchId === get().batchId) set({ status: 'error', error: message })
  },
  applyCell: (cell) => {
    // Events for the open batch are kept even mid-load; `loaded` merges them so none is lost.
    if (cell.batchId !== get().batchId) return
    set({ cells: applyCellUpdate(get().cells, cell) })
  },
  applyBatch: (batch) => {
    if (batch.id === get().batchId && get().batch) set({ batch })
  },
}))
