import { randomUUID } from 'node:crypto'
import { MatrixSchema } from '@shared/domain/batch'
import type { SoulParams } from '@shared/domain'
import type { Metrics } from '../cloud/types'
import { getBatch, insertBatch } from '../db/batches'
import { getCell, insertCells, updateCell } from '../db/cells'
import { sql, type Db } from '../db/connection'
import { imageOfCell, insertImage } from '../db/images'
import { absPath, imageRelPath, sidecarRelPath, thumbRelPath, writeFileAtomic } from './files'
import type { CheckedImage } from './image-check'
import type { SoulBatchMetadata } from './metadata'

export interface ImportedImage {
  checked: CheckedImage
  meta: Pick<SoulBatchMetadata, 'batch' | 'cell' | 'request' | 'createdAt'> & {
    imageId?: string | undefined
    result: { seed: number | null; requestId: string | null; metrics: Record<string, number> | null }
  }
}

/** A finished batch to hold imported images whose batch this library does not have. */
function ensureBatch(db: Db, meta: ImportedImage['meta'], at: number): void {
  if (getBatch(db, meta.batch.id)) return
  const p = meta.request
  const matrix = MatrixSchema.parse({
    prompts: [{ prompt: p.prompt }],
    styleIds: [p.style_id],
    width_and_height: p.width_and_height,
    ...(p.quality ? { quality: p.quality } : {}),
    ...(p.style_strength !== undefined ? { style_strength: p.style_strength } : {}),
    enhance_prompt: p.enhance_prompt,
  })
  insertBatch(db, {
    id: meta.batch.id,
    name: meta.batch.name.trim() || 'Imported images',
    createdAt: at,
    status: 'done',
    priority: 0,
    matrix,
    fingerprint: `import:${meta.batch.id}`,
    total: 0,
  })
}

/** The cell the image belongs to: its own when free, else a new one at a free matrix position. */
function placeCell(db: Db, meta: ImportedImage['meta'], at: number): string {
  const existing = getCell(db, meta.cell.id)
  if (existing && existing.batchId === meta.batch.id && !imageOfCell(db, existing.id)) return existing.id
  const id = existing ? randomUUID() : meta.cell.id
  const promptIndex = meta.cell.promptIndex ?? 0
  const taken = sql(
    db,
    'SELECT max(seed_index) AS s FROM cells WHERE batch_id = ? AND prompt_index = ? AND style_id = ?',
  ).get(meta.batch.id, promptIndex, meta.request.style_id) as { s: number | null }
  const wanted = meta.cell.seedIndex ?? 0
  const free = !sql(
    db,
    'SELECT 1 FROM cells WHERE batch_id = ? AND prompt_index = ? AND style_id = ? AND seed_index = ?',
  ).get(meta.batch.id, promptIndex, meta.request.style_id, wanted)
  const seedIndex = free ? wanted : (taken.s ?? -1) + 1
  const ord = (
    sql(db, 'SELECT coalesce(max(ord), -1) + 1 AS o FROM cells WHERE batch_id = ?').get(meta.batch.id) as {
      o: number
    }
  ).o
  const params: SoulParams = meta.request
  insertCells(db, [{ id, batchId: meta.batch.id, ord, promptIndex, styleId: params.style_id, seedIndex, params }], at)
  sql(db, 'UPDATE batches SET total = total + 1 WHERE id = ?').run(meta.batch.id)
  return id
}

/**
 * Files first (image as it came, sidecar, thumbnail), then the rows in one transaction: the batch if new, the cell
 * at `saved`, the image. A crash between leaves files the start-up scan adopts from their sidecar.
 */
export async function adoptImported(
  db: Db,
  home: string,
  img: ImportedImage,
  at: number,
): Promise<{ imageId: string; batchId: string }> {
  const { meta, checked } = img
  // The cell is settled (and committed, still pending) before the write so the file's name matches its row.
  const cellId = db.transaction(() => {
    ensureBatch(db, meta, at)
    return placeCell(db, meta, at)
  })()
  const path = imageRelPath(meta.batch.id, cellId, checked.ext)
  const thumbPath = thumbRelPath(meta.batch.id, cellId)
  await writeFileAtomic(absPath(home, sidecarRelPath(path)), Buffer.from(JSON.stringify(meta, null, 2)))
  await writeFileAtomic(absPath(home, path), checked.bytes)
  await writeFileAtomic(absPath(home, thumbPath), checked.thumb)
  const taken = meta.imageId ? sql(db, 'SELECT 1 FROM images WHERE id = ?').get(meta.imageId) : true
  const imageId = meta.imageId && !taken ? meta.imageId : randomUUID()
  const metrics = (meta.result.metrics ?? null) as Metrics | null
  db.transaction(() => {
    updateCell(db, cellId, {
      state: 'saved',
      requestId: meta.result.requestId,
      attempts: 1,
      completedAt: meta.createdAt,
      cost: metrics?.cost ?? null,
      metrics,
      updatedAt: at,
    })
    insertImage(db, {
      id: imageId,
      cellId,
      batchId: meta.batch.id,
      path,
      thumbPath,
      sha256: checked.sha256,
      bytes: checked.bytes.length,
      width: checked.width,
      height: checked.height,
      mime: checked.mime,
      seed: meta.result.seed,
      params: meta.request,
      metrics,
      requestId: meta.result.requestId,
      createdAt: meta.createdAt,
    })
  })()
  return { imageId, batchId: meta.batch.id }
}
