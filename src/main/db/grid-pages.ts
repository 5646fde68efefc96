import type { CellView } from '@shared/domain'
import { cellView } from '../views'
import { cellPage, type CellCursor } from './cells'
import type { Db } from './connection'
import { imageOfCell } from './images'

/**
 * One page of a batch's grid with each cell's image: the keyset page of `batch.cells` (an index range on
 * prompt row and grid order), then each image by key. Used by the library benchmark's grid-page figure.
 */
export function gridPage(
  db: Db,
  batchId: string,
  after: CellCursor,
  limit: number,
): { cells: CellView[]; nextCursor: CellCursor | null } {
  const rows = cellPage(db, batchId, after, limit + 1)
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const last = page[page.length - 1]
  return {
    cells: page.map((c) => cellView(c, imageOfCell(db, c.id))),
    nextCursor: more && last ? { promptIndex: last.promptIndex, ord: last.ord } : null,
  }
}
