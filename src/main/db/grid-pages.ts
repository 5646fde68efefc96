import type { CellView } from '@shared/domain'
import { cellView } from '../views'
import { fromRaw, type RawCell } from './cells'
import { sql, type Db } from './connection'
import { imageOfCell } from './images'

/** One page of a batch's grid in grid order: a range of the (batch_id, ord) index, then each cell's image by key. */
export function gridPage(
  db: Db,
  batchId: string,
  afterOrd: number,
  limit: number,
): { cells: CellView[]; nextCursor: number | null } {
  const rows = sql(
    db,
    'SELECT * FROM cells INDEXED BY cells_batch_ord WHERE batch_id = ? AND ord > ? ORDER BY ord LIMIT ?',
  ).all(batchId, afterOrd, limit + 1) as RawCell[]
  const more = rows.length > limit
  const page = (more ? rows.slice(0, limit) : rows).map(fromRaw)
  return {
    cells: page.map((c) => cellView(c, imageOfCell(db, c.id))),
    nextCursor: more ? page[page.length - 1]!.ord : null,
  }
}
