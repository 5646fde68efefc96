import type { BatchSummary, CellView, ImageView } from '@shared/domain'
import type { Db } from './db/connection'
import { cellCounts, type BatchRow, type CellCounts } from './db/batches'
import type { CellRow } from './db/cells'
import type { ImageRow } from './db/images'

/** Rows as the UI sees them: no paths, no request ids, no URLs — ids the image route serves, and plain facts. */
export function imageView(img: ImageRow): ImageView {
  return { id: img.id, width: img.width, height: img.height, mime: img.mime, seed: img.seed, createdAt: img.createdAt }
}

export function cellView(cell: CellRow, image: ImageRow | undefined): CellView {
  return {
    id: cell.id,
    batchId: cell.batchId,
    promptIndex: cell.promptIndex,
    styleId: cell.styleId,
    seedIndex: cell.seedIndex,
    params: cell.params,
    state: cell.state,
    error: cell.error
      ? {
          kind: cell.error.kind,
          message: cell.error.message,
          ...(cell.error.detail !== undefined ? { detail: cell.error.detail } : {}),
        }
      : null,
    attempts: cell.attempts,
    cost: cell.cost,
    updatedAt: cell.updatedAt,
    image: image ? imageView(image) : null,
  }
}

const SETTLED = ['saved', 'failed', 'unknown', 'cancelled', 'expired'] as const

export function remainingCells(total: number, counts: CellCounts): number {
  return total - SETTLED.reduce((n, s) => n + (counts[s] ?? 0), 0)
}

export function batchSummary(
  db: Db,
  batch: BatchRow,
  eta: (b: BatchRow, remaining: number) => number | null,
  counts?: CellCounts,
): BatchSummary {
  const c = counts ?? cellCounts(db, batch.id)
  return {
    id: batch.id,
    name: batch.name,
    createdAt: batch.createdAt,
    status: batch.status,
    priority: batch.priority,
    total: batch.total,
    counts: c,
    spend: Math.round(batch.spend * 10_000) / 10_000,
    etaSeconds: eta(batch, remainingCells(batch.total, c)),
    notes: batch.notes,
    budgetCap: batch.budgetCap,
    pauseReason: batch.pauseReason,
    ...(batch.deletedAt !== null ? { deleted: true } : {}),
  }
}
