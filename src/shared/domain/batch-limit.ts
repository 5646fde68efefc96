import { AppError } from '../errors'
import type { Matrix } from './batch'
import { cellCount } from './matrix'

/**
 * The most cells one batch may have. Past this a batch costs minutes of inserts, gigabytes of database and a
 * grid nobody can read; a setting may lower it, never raise it.
 */
export const MAX_CELLS_PER_BATCH = 100_000

const count = new Intl.NumberFormat('en-US')

/** The one sentence every host shows for a batch over the limit. */
export function batchTooLargeMessage(cells: number, limit: number): string {
  const noun = cells === 1 ? 'image' : 'images'
  return `This batch would have ${count.format(cells)} ${noun}; the limit is ${count.format(limit)} per batch.`
}

/** The limit in force: the setting when it is a sane lower value, else the hard cap. */
export function effectiveCellLimit(setting: number | undefined): number {
  if (setting === undefined || !Number.isInteger(setting) || setting < 1) return MAX_CELLS_PER_BATCH
  return Math.min(setting, MAX_CELLS_PER_BATCH)
}

/** A validation error naming the size and the limit, or null when the count fits. */
export function batchSizeProblem(cells: number, limit: number): AppError | null {
  if (cells <= limit) return null
  return new AppError({ kind: 'validation', message: batchTooLargeMessage(cells, limit) })
}

/**
 * Refuses a matrix over the limit. The count is arithmetic over the prompt rows (styles x seeds per row), so a
 * request for millions of cells is refused without building any of them.
 */
export function assertBatchSize(matrix: Matrix, limit: number): number {
  const cells = cellCount(matrix)
  const problem = batchSizeProblem(cells, limit)
  if (problem) throw problem
  return cells
}
