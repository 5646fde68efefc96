import { createHash } from 'node:crypto'
import { AppError } from '@shared/errors'
import { getCell, type CellRow } from '../db/cells'
import type { Db } from '../db/connection'

/** A row as the user judged it: its cells (in the caller's order), where it lies, and its stable key. */
export interface JudgedRow {
  cells: CellRow[]
  rowKey: string
  batchId: string | null
}

/**
 * Loads and checks the cells of a row to judge: they exist, are distinct, and come from one prompt. A row of one
 * batch (same prompt and seed position) gets the key "<batch>:<prompt>:<seed>", so a grid and a duel of the same
 * row agree; any other set (a selection across batches) gets a key from its sorted cell ids.
 */
export function loadRow(db: Db, cellIds: readonly string[]): JudgedRow {
  if (new Set(cellIds).size !== cellIds.length) {
    throw new AppError({ kind: 'validation', message: 'The same image appears twice in this row.' })
  }
  const cells = cellIds.map((id) => {
    const cell = getCell(db, id)
    if (!cell) throw new AppError({ kind: 'not_found', message: `There is no image cell ${id}.` })
    return cell
  })
  const first = cells[0]
  if (!first) throw new AppError({ kind: 'validation', message: 'A row needs at least two images to compare.' })
  if (cells.some((c) => c.params.prompt !== first.params.prompt)) {
    throw new AppError({
      kind: 'validation',
      message: 'These images are not one row: they were made from different prompts.',
    })
  }
  const oneBatchRow = cells.every(
    (c) => c.batchId === first.batchId && c.promptIndex === first.promptIndex && c.seedIndex === first.seedIndex,
  )
  if (oneBatchRow) {
    return { cells, rowKey: `${first.batchId}:${first.promptIndex}:${first.seedIndex}`, batchId: first.batchId }
  }
  const digest = createHash('sha1')
    .update([...cellIds].sort().join('\n'))
    .digest('hex')
    .slice(0, 20)
  const oneBatch = cells.every((c) => c.batchId === first.batchId)
  return { cells, rowKey: `sel:${digest}`, batchId: oneBatch ? first.batchId : null }
}

/** Only saved images can be judged: the user has seen them. */
export function mustBeSaved(cell: CellRow, what: string): void {
  if (cell.state !== 'saved') {
    throw new AppError({ kind: 'validation', message: `${what} is not a finished image yet, so it cannot be judged.` })
  }
}
