import type { Db } from '../db/connection'
import type { CellRow } from '../db/cells'
import { addBatchSpend } from '../db/batches'
import { insertImage } from '../db/images'
import type { ImageFacts } from '../library/image-check'
import type { WrittenImage } from '../library/save-image'

export interface SavedFacts {
  id: string
  cost: number
  seed: number | null
  at: number
  requestId?: string | undefined
}

/** The image row and the batch's spend: written in the same transaction as the cell's move to saved. */
export function insertImageRow(db: Db, cell: CellRow, img: ImageFacts, written: WrittenImage, facts: SavedFacts): void {
  insertImage(db, {
    id: facts.id,
    cellId: cell.id,
    batchId: cell.batchId,
    path: written.path,
    thumbPath: written.thumbPath,
    sha256: written.sha256 ?? img.sha256,
    bytes: written.bytes ?? img.size,
    width: img.width,
    height: img.height,
    mime: img.mime,
    seed: facts.seed,
    params: cell.params,
    metrics: cell.metrics,
    requestId: facts.requestId ?? cell.requestId,
    createdAt: facts.at,
  })
  addBatchSpend(db, cell.batchId, facts.cost)
}
