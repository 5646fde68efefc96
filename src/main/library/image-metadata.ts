import type { SoulParams } from '@shared/domain'
import type { Metrics } from '../cloud/types'
import type { CellRow } from '../db/cells'
import { sql, type Db } from '../db/connection'
import { SOUL_BATCH_METADATA_VERSION, type SoulBatchMetadata } from './metadata'

/** Only the name: a batch row holds its whole matrix (large for big batches), read per saved image. */
function batchName(db: Db, batchId: string): string {
  return (sql(db, 'SELECT name FROM batches WHERE id = ?').get(batchId) as { name: string } | undefined)?.name ?? ''
}

/** The soul-batch block for an image a cell is about to save (read before the write; no transaction held). */
export function cellImageMetadata(
  db: Db,
  cell: CellRow,
  facts: { imageId: string; seed: number | null; at: number; requestId?: string | null | undefined },
): SoulBatchMetadata {
  return {
    app: 'soul-batch',
    version: SOUL_BATCH_METADATA_VERSION,
    imageId: facts.imageId,
    batch: { id: cell.batchId, name: batchName(db, cell.batchId) },
    cell: { id: cell.id, promptIndex: cell.promptIndex, seedIndex: cell.seedIndex, attempt: cell.attempts },
    request: cell.params,
    result: { seed: facts.seed, requestId: facts.requestId ?? cell.requestId, metrics: cell.metrics },
    createdAt: facts.at,
  }
}

interface RawMeta {
  id: string
  cell_id: string
  batch_id: string
  batch_name: string | null
  params_json: string
  seed: number | null
  metrics_json: string | null
  request_id: string | null
  created_at: number
  starred: number | null
  rating: number | null
  path: string
  mime: string
  prompt_index: number | null
  seed_index: number | null
  attempts: number | null
  tags: string | null
}

export interface StoredImage {
  meta: SoulBatchMetadata
  path: string
  mime: string
}

/** The soul-batch block of a stored image, marks included (exports carry them). */
export function storedImageMetadata(db: Db, imageId: string): StoredImage | undefined {
  const r = sql(
    db,
    `SELECT i.id, i.cell_id, i.batch_id, b.name AS batch_name, i.params_json, i.seed, i.metrics_json, i.request_id,
       i.created_at, i.starred, i.rating, i.path, i.mime, c.prompt_index, c.seed_index, c.attempts,
       (SELECT group_concat(t.name, char(31)) FROM image_tags it JOIN tags t ON t.id = it.tag_id
         WHERE it.image_id = i.id) AS tags
     FROM images AS i LEFT JOIN batches AS b ON b.id = i.batch_id LEFT JOIN cells AS c ON c.id = i.cell_id
     WHERE i.id = ?`,
  ).get(imageId) as RawMeta | undefined
  if (!r) return undefined
  return {
    path: r.path,
    mime: r.mime,
    meta: {
      app: 'soul-batch',
      version: SOUL_BATCH_METADATA_VERSION,
      imageId: r.id,
      batch: { id: r.batch_id, name: r.batch_name ?? '' },
      cell: { id: r.cell_id, promptIndex: r.prompt_index, seedIndex: r.seed_index, attempt: r.attempts ?? undefined },
      request: JSON.parse(r.params_json) as SoulParams,
      result: {
        seed: r.seed,
        requestId: r.request_id,
        metrics: r.metrics_json ? (JSON.parse(r.metrics_json) as Metrics) : null,
      },
      createdAt: r.created_at,
      marks: {
        starred: (r.starred ?? 0) !== 0,
        rating: r.rating ? r.rating : null,
        tags: r.tags ? r.tags.split('\u001f').sort() : [],
      },
    },
  }
}
