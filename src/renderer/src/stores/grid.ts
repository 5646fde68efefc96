import { create } from 'zustand'
import type { BatchDetail, BatchSummary, CellView, Matrix } from '@shared/domain'
import {
  addSlots,
  applyCellUpdate,
  buildGridLayout,
  mergePage,
  rowsCompletedByPage,
  type GridLayout,
} from '../model/grid-layout'

/**
 * The open batch's grid: its layout (fixed per batch) and the latest copy of each loaded cell. A big batch
 * arrives in pages as its rows scroll into view: `completeRows` says which prompt rows are loaded whole, and
 * `version` changes whenever new slots appear so the visible rows re-render. Each cell component subscribes
 * to its own entry, so a stream of events re-renders only the cells that changed.
 */
interface GridState {
  batchId: string | null
  status: 'idle' | 'loading' | 'ready' | 'error'
  error: string | null
  batch: BatchSummary | null
  matrix: Matrix | null
  layout: GridLayout | null
  cells: Record<string, CellView>
  completeRows: ReadonlySet<number>
  version: number
  startLoading(batchId: string): void
  loaded(detail: BatchDetail): void
  pageLoaded(batchId: string, startRow: number, page: { cells: CellView[]; next: { promptIndex: number } | null }): void
  loadFailed(batchId: string, message: string): void
  applyCell(cell: CellView): void
  applyBatch(batch: BatchSummary): void
  /** Shows a set of cells that is not one batch (a gallery selection) with a layout made for it. */
  loadSet(setId: string, layout: GridLayout, cells: readonly CellView[]): void
}

/** Grid ids of sets of images (not batches) start with this, so no batch call is ever made for them. */
export const SET_PREFIX = 'set:'

const EMPTY_ROWS: ReadonlySet<number> = new Set()

export const useGrid = create<GridState>()((set, get) => ({
  batchId: null,
  status: 'idle',
  error: null,
  batch: null,
  matrix: null,
  layout: null,
  cells: {},
  completeRows: EMPTY_ROWS,
  version: 0,
  startLoading: (batchId) => {
    // A re-fetch of the open batch (after a reconnect) keeps showing what we have until the answer lands.
    if (get().batchId === batchId && get().status === 'ready') return
    set({
      batchId,
      status: 'loading',
      error: null,
      batch: null,
      matrix: null,
      layout: null,
      cells: {},
      completeRows: EMPTY_ROWS,
    })
  },
  loaded: (detail) => {
    if (detail.batch.id !== get().batchId) return
    const current = get().layout
    const layout = current ?? buildGridLayout(detail)
    if (current) addSlots(current, detail.cells)
    // After a reload only the first page is known fresh: the rows on screen load again as they are seen.
    const rows = rowsCompletedByPage(0, detail.next ?? null, detail.matrix.prompts.length)
    set({
      status: 'ready',
      batch: detail.batch,
      matrix: detail.matrix,
      layout,
      cells: mergePage(get().cells, detail.cells),
      completeRows: new Set(rows),
      version: get().version + 1,
    })
  },
  pageLoaded: (batchId, startRow, page) => {
    const { layout, matrix } = get()
    if (batchId !== get().batchId || !layout || !matrix) return
    addSlots(layout, page.cells)
    const complete = new Set(get().completeRows)
    for (const r of rowsCompletedByPage(startRow, page.next, matrix.prompts.length)) complete.add(r)
    set({ cells: mergePage(get().cells, page.cells), completeRows: complete, version: get().version + 1 })
  },
  loadFailed: (batchId, message) => {
    if (batchId === get().batchId) set({ status: 'error', error: message })
  },
  applyCell: (cell) => {
    // Events for the open batch are kept even mid-load; `loaded` merges them so none is lost.
    if (cell.batchId !== get().batchId) return
    const layout = get().layout
    const newSlot = layout ? addSlots(layout, [cell]) : false
    set({ cells: applyCellUpdate(get().cells, cell), ...(newSlot ? { version: get().version + 1 } : {}) })
  },
  applyBatch: (batch) => {
    if (batch.id === get().batchId && get().batch) set({ batch })
  },
  loadSet: (setId, layout, cells) => {
    set({
      batchId: setId,
      status: 'ready',
      error: null,
      batch: null,
      matrix: null,
      layout,
      cells: mergePage({}, cells),
      // Every cell of a set is here already: no row is ever fetched in pages.
      completeRows: new Set(layout.rows.map((r) => r.promptIndex)),
      version: get().version + 1,
    })
  },
}))
