import type { BatchDetail, BatchSummary, CellState, CellView, Matrix } from '@shared/domain'
import { SOUL_STYLES } from '@shared/catalog'
import { seedCount } from '@shared/domain/matrix'
import { formatDuration } from './format'

/** One prompt of the matrix: a grid row, with one sub-row per seed. */
export interface GridRow {
  promptIndex: number
  prompt: string
  name?: string
  /** The styles this row has cells for (its CSV override, else the batch's): a slot outside them is absent. */
  styles: readonly string[]
}

/**
 * Where each cell sits: rows are prompts, columns are styles, sub-rows are seeds. Built once per batch load:
 * a batch's cells never change identity, only state, so the layout stays put while events stream in.
 */
export interface GridLayout {
  columns: string[]
  rows: GridRow[]
  seedCount: number
  /**
   * `${promptIndex}|${styleId}|${seedIndex}` -> cell id. Grows as pages of a big batch arrive (addSlots); a
   * batch's cells never change identity, so an entry once there stays right.
   */
  slots: Map<string, string>
  /**
   * For a grid of chosen images (not a batch): what the third index means (the parameters that set apart two
   * images of one prompt, seed and style). A batch's third index is its seed number.
   */
  thirdAxis?: { kind: 'seed' | 'variant'; labels: string[] }
}

/** Records where each cell of a page sits; returns whether any slot was new. */
export function addSlots(layout: GridLayout, cells: readonly CellView[]): boolean {
  let added = false
  for (const cell of cells) {
    const key = slotKey(cell.promptIndex, cell.styleId, cell.seedIndex)
    if (!layout.slots.has(key)) {
      layout.slots.set(key, cell.id)
      added = true
    }
  }
  return added
}

/**
 * Folds a page of cells into what is loaded already: cells of other pages stay, and of two copies of one cell
 * the newer wins (an event may have overtaken the page).
 */
export function mergePage(
  loaded: Readonly<Record<string, CellView>>,
  page: readonly CellView[],
): Record<string, CellView> {
  const out: Record<string, CellView> = { ...loaded }
  for (const cell of page) {
    const seen = loaded[cell.id]
    out[cell.id] = seen && seen.updatedAt > cell.updatedAt ? seen : cell
  }
  return out
}

/**
 * The prompt rows a page has loaded whole. A page that started at the first cell of row `start` holds every
 * row up to the one its continuation starts in (that one may be cut), or every remaining row when it was last.
 */
export function rowsCompletedByPage(start: number, next: { promptIndex: number } | null, rowCount: number): number[] {
  const end = next === null ? rowCount : Math.min(next.promptIndex, rowCount)
  const rows: number[] = []
  for (let r = start; r < end; r++) rows.push(r)
  return rows
}

/** The first row in [first, last] whose cells are not all loaded, or null when the range is complete. */
export function firstIncompleteRow(complete: ReadonlySet<number>, first: number, last: number): number | null {
  for (let r = Math.max(0, first); r <= last; r++) if (!complete.has(r)) return r
  return null
}

export function slotKey(promptIndex: number, styleId: string, seedIndex: number): string {
  return `${promptIndex}|${styleId}|${seedIndex}`
}

export function seedsPerPrompt(matrix: Matrix): number {
  return seedCount(matrix)
}

export function buildGridLayout(detail: Pick<BatchDetail, 'matrix' | 'cells'>): GridLayout {
  const { matrix, cells } = detail
  // CSV rows can override styles per row, so columns are the union, in catalog order after the batch's own.
  const extra = new Set<string>()
  for (const row of matrix.prompts) for (const id of row.styleIds ?? []) extra.add(id)
  for (const cell of cells) extra.add(cell.styleId)
  const columns = [...matrix.styleIds]
  for (const style of SOUL_STYLES) if (extra.has(style.id) && !columns.includes(style.id)) columns.push(style.id)
  for (const id of extra) if (!columns.includes(id)) columns.push(id)

  let seedCount = seedsPerPrompt(matrix)
  const slots = new Map<string, string>()
  for (const cell of cells) {
    seedCount = Math.max(seedCount, cell.seedIndex + 1)
    slots.set(slotKey(cell.promptIndex, cell.styleId, cell.seedIndex), cell.id)
  }
  const rows = matrix.prompts.map((row, promptIndex) => ({
    promptIndex,
    prompt: row.prompt,
    ...(row.name ? { name: row.name } : {}),
    // Shared when the row has no override, so 10,000 rows do not make 10,000 copies of the list.
    styles: row.styleIds ?? matrix.styleIds,
  }))
  return { columns, rows, seedCount, slots }
}

/**
 * Folds a freshly fetched cell list with events that arrived while the fetch was in flight: whichever copy
 * of a cell is newer wins, so a slow `batch.get` never rolls a cell back to an older state.
 */
export function mergeCells(
  fetched: readonly CellView[],
  live: Readonly<Record<string, CellView>>,
): Record<string, CellView> {
  const out: Record<string, CellView> = {}
  for (const cell of fetched) {
    const seen = live[cell.id]
    out[cell.id] = seen && seen.updatedAt > cell.updatedAt ? seen : cell
  }
  return out
}

/** Applies one live update unless we already hold a newer copy (events may overtake a re-fetch). */
export function applyCellUpdate(cells: Readonly<Record<string, CellView>>, cell: CellView): Record<string, CellView> {
  const current = cells[cell.id]
  if (current && current.updatedAt > cell.updatedAt) return cells as Record<string, CellView>
  return { ...cells, [cell.id]: cell }
}

const IN_FLIGHT: readonly CellState[] = ['submitting', 'queued', 'processing', 'fetching']

export interface BatchProgress {
  total: number
  done: number
  failed: number
  /** Unknown or expired: the user has to decide whether to pay again. */
  needsDecision: number
  /** What "Retry failed" sends again: failed and expired cells (unknown ones need a cell-by-cell decision). */
  retryable: number
  inFlight: number
  pending: number
  cancelled: number
  /** Cells that will not change again without the user. */
  finished: number
}

export function batchProgress(batch: Pick<BatchSummary, 'total' | 'counts'>): BatchProgress {
  const n = (s: CellState): number => batch.counts[s] ?? 0
  const done = n('saved')
  const failed = n('failed')
  const needsDecision = n('unknown') + n('expired')
  const cancelled = n('cancelled')
  return {
    total: batch.total,
    done,
    failed,
    needsDecision,
    retryable: failed + n('expired'),
    inFlight: IN_FLIGHT.reduce((sum, s) => sum + n(s), 0),
    pending: n('pending'),
    cancelled,
    finished: done + failed + needsDecision + cancelled,
  }
}

/** Width of each bar segment in percent, so the strip and the sidebar draw the same picture. */
export function progressSegments(p: BatchProgress): {
  done: number
  failed: number
  needsDecision: number
  inFlight: number
} {
  if (p.total <= 0) return { done: 0, failed: 0, needsDecision: 0, inFlight: 0 }
  const pct = (x: number): number => (100 * x) / p.total
  return {
    done: pct(p.done),
    failed: pct(p.failed),
    needsDecision: pct(p.needsDecision),
    inFlight: pct(p.inFlight),
  }
}

/** The strip's "time left": nothing for a finished batch, and no countdown while something holds it still. */
export function timeLeftText(
  batch: Pick<BatchSummary, 'status' | 'etaSeconds'>,
  p: BatchProgress,
  queuePaused: boolean,
): string | null {
  if (p.finished >= p.total || batch.status === 'cancelled' || batch.status === 'done') return null
  if (batch.status === 'paused') return 'batch paused'
  if (queuePaused) return 'waiting for the queue'
  return batch.etaSeconds !== null ? `${formatDuration(batch.etaSeconds)} left` : 'estimating time left…'
}
