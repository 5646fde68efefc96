import type { CellPage, CoreHandlers, CsvImport } from '@shared/contracts'
import type { CellCursor } from '@shared/domain'
import { batchSizeProblem } from '@shared/domain/batch-limit'
import type { BatchRow } from './db/batches'
import { cellPage } from './db/cells'
import type { Db } from './db/connection'
import { imageOfCell } from './db/images'
import { parseCsvOffThread } from './importers/csv-off-thread'
import { cellView } from './views'

const START: CellCursor = { promptIndex: 0, ord: -1 }

/**
 * One page of cells with their images. One extra row is read to learn whether another page follows, so the
 * last page says so itself and the grid never asks for an empty one.
 */
export function cellPageOf(db: Db, batchId: string, after: CellCursor | undefined, limit: number): CellPage {
  const rows = cellPage(db, batchId, after ?? START, limit + 1)
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const last = page[page.length - 1]
  return {
    cells: page.map((c) => cellView(c, c.state === 'saved' ? imageOfCell(db, c.id) : undefined)),
    next: more && last ? { promptIndex: last.promptIndex, ord: last.ord } : null,
  }
}

/**
 * Parses an import and, when the compose says which styles and seeds it will get, refuses one whose batch
 * would be over the limit: the same sentence the batch calls give, before anything reaches the compose.
 */
export async function csvImportChecked(
  text: string,
  forBatch: { styleCount: number; seedCount: number } | undefined,
  limit: number,
): Promise<CsvImport> {
  const parsed = await parseCsvOffThread(text)
  const styles = forBatch?.styleCount ?? 1
  const seeds = forBatch?.seedCount ?? 1
  const cells = parsed.rows.reduce((n, row) => n + (row.styleIds ? new Set(row.styleIds).size : styles) * seeds, 0)
  const problem = batchSizeProblem(cells, limit)
  if (problem) throw problem
  return parsed
}

export function batchCellsHandlers(d: { db: Db; mustBatch(id: string): BatchRow }): Pick<CoreHandlers, 'batch.cells'> {
  return {
    'batch.cells': ({ batchId, after, limit }) => {
      d.mustBatch(batchId)
      return cellPageOf(d.db, batchId, after, limit)
    },
  }
}
