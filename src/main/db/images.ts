import type { SoulParams } from '@shared/domain'
import type { Metrics } from '../cloud/types'
import { sql, type Db } from './connection'

/** A saved image. Paths are relative to the library home. */
export interface ImageRow {
  id: string
  cellId: string
  batchId: string
  path: string
  thumbPath: string | null
  sha256: string
  bytes: number
  width: number
  height: number
  mime: string
  seed: number | null
  params: SoulParams
  metrics: Metrics | null
  requestId: string | null
  createdAt: number
  missing: boolean
}

/** The columns an ImageRow is built from (never SELECT *: the table grows columns the core does not read here). */
const COLUMNS = `id, cell_id, batch_id, path, thumb_path, sha256, bytes, width, height, mime, seed, params_json,
  metrics_json, request_id, created_at, missing`

interface RawImage {
  id: string
  cell_id: string
  batch_id: string
  path: string
  thumb_path: string | null
  sha256: string
  bytes: number
  width: number
  height: number
  mime: string
  seed: number | null
  params_json: string
  metrics_json: string | null
  request_id: string | null
  created_at: number
  missing: number
}

function fromRaw(r: RawImage): ImageRow {
  return {
    id: r.id,
    cellId: r.cell_id,
    batchId: r.batch_id,
    path: r.path,
    thumbPath: r.thumb_path,
    sha256: r.sha256,
    bytes: r.bytes,
    width: r.width,
    height: r.height,
    mime: r.mime,
    seed: r.seed,
    params: JSON.parse(r.params_json) as SoulParams,
    metrics: r.metrics_json ? (JSON.parse(r.metrics_json) as Metrics) : null,
    requestId: r.request_id,
    createdAt: r.created_at,
    missing: r.missing !== 0,
  }
}

export function insertImage(db: Db, img: Omit<ImageRow, 'missing'>): void {
  sql(
    db,
    `INSERT INTO images (id, cell_id, batch_id, path, thumb_path, sha256, bytes, width, height, mime, seed, params_json,
       metrics_json, request_id, created_at, style_id, rating, starred)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)`,
  ).run(
    img.id,
    img.cellId,
    img.batchId,
    img.path,
    img.thumbPath,
    img.sha256,
    img.bytes,
    img.width,
    img.height,
    img.mime,
    img.seed,
    JSON.stringify(img.params),
    img.metrics ? JSON.stringify(img.metrics) : null,
    img.requestId,
    img.createdAt,
    img.params.style_id,
  )
}

export function getImage(db: Db, id: string): ImageRow | undefined {
  const r = sql(db, `SELECT ${COLUMNS} FROM images WHERE id = ?`).get(id) as RawImage | undefined
  return r ? fromRaw(r) : undefined
}

export function imageOfCell(db: Db, cellId: string): ImageRow | undefined {
  const r = sql(db, `SELECT ${COLUMNS} FROM images WHERE cell_id = ?`).get(cellId) as RawImage | undefined
  return r ? fromRaw(r) : undefined
}

export function imagesOfBatch(db: Db, batchId: string): ImageRow[] {
  return (
    sql(db, `SELECT ${COLUMNS} FROM images WHERE batch_id = ? ORDER BY created_at, id`).all(batchId) as RawImage[]
  ).map(fromRaw)
}

/** Visits every image row in id order without loading 100k rows at once. */
export function* iterateImages(db: Db): Generator<ImageRow> {
  for (const r of sql(db, `SELECT ${COLUMNS} FROM images ORDER BY id`).iterate() as Iterable<RawImage>) yield fromRaw(r)
}

export function setImageMissing(db: Db, id: string, missing: boolean): void {
  sql(db, 'UPDATE images SET missing = ? WHERE id = ?').run(missing ? 1 : 0, id)
}

export function setImageThumb(db: Db, id: string, thumbPath: string): void {
  sql(db, 'UPDATE images SET thumb_path = ? WHERE id = ?').run(thumbPath, id)
}
