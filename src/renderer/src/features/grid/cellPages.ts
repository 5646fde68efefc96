import { DEFAULT_CELL_PAGE } from '@shared/contracts/constants'
import { api } from '../../api'
import { firstIncompleteRow } from '../../model/grid-layout'
import { useGrid } from '../../stores/grid'

/** The rows the grid shows right now; the loader works towards the latest wish only. */
let wanted: { batchId: string; first: number; last: number } | null = null
let running = false

/**
 * Makes sure the cells of prompt rows [first, last] of the open batch are loaded, a page at a time, each page
 * starting at the first row still missing. One loader runs at a time; a scroll while it runs just moves its
 * target, so a fast fling loads where the person stopped, not every row on the way.
 */
export function ensureRows(batchId: string, first: number, last: number): void {
  wanted = { batchId, first, last }
  if (!running) void run()
}

async function run(): Promise<void> {
  running = true
  try {
    for (;;) {
      const want = wanted
      const grid = useGrid.getState()
      if (!want || grid.batchId !== want.batchId || grid.status !== 'ready') return
      const row = firstIncompleteRow(grid.completeRows, want.first, want.last)
      if (row === null) return
      const page = await api.call('batch.cells', {
        batchId: want.batchId,
        after: { promptIndex: row, ord: -1 },
        limit: DEFAULT_CELL_PAGE,
      })
      useGrid.getState().pageLoaded(want.batchId, row, page)
      // A page that completed no row (a row bigger than a page; cannot happen at 160 cells a row) would loop.
      if (!useGrid.getState().completeRows.has(row)) return
    }
  } catch {
    // A dropped link: the reconnect reloads the batch, and the next scroll asks again.
  } finally {
    running = false
  }
}
