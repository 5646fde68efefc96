import { randomUUID } from 'node:crypto'
import type { CoreHandlers } from '@shared/contracts'
import type { batchActionContracts } from '@shared/contracts/batch-actions'
import { rowStyles } from '@shared/domain/matrix'
import { assertBatchSize, effectiveCellLimit } from '@shared/domain/batch-limit'
import { commitArrowsInSlices, oneAtATime } from './batch-cancel-retry'
import { createBatchInSlices } from './batch-creation'
import type { Matrix } from '@shared/domain'
import { AppError } from '@shared/errors'
import { getBatch, setBatchStatus, type BatchRow } from './db/batches'
import {
  markBatchDeleted,
  recentPrompts,
  renameBatch,
  setBatchBudgetCap,
  setBatchNotes,
  unmarkBatchDeleted,
} from './db/batch-edits'
import type { HandlerDeps } from './handlers'
import { matrixToCsv } from './importers/matrix-csv'
import { batchSummary } from './views'

type BatchActionHandlers = Pick<CoreHandlers, keyof typeof batchActionContracts>

/** Keeps batch names short and readable when the user gives none; counts the styles the matrix really has. */
export function defaultBatchName(matrix: Matrix): string {
  const first = matrix.prompts[0]?.prompt ?? 'batch'
  const head = first.length > 40 ? `${first.slice(0, 39)}…` : first
  const styles = new Set(matrix.prompts.flatMap((row) => rowStyles(matrix, row)))
  return `${head} (${matrix.prompts.length}×${styles.size})`
}

/**
 * Writes a new batch and its cells; batch.create and batch.rerun share it. The size is checked from the matrix
 * first (nothing is written for a batch over the limit), then the cells go in committed slices (batch-creation.ts)
 * so a 100 000-cell batch never holds the event loop for long.
 */
export async function insertNewBatch(
  d: HandlerDeps,
  input: { name: string | undefined; matrix: Matrix; budgetCap: number | null },
): Promise<{ batchId: string; cells: number }> {
  const total = assertBatchSize(input.matrix, effectiveCellLimit(d.settings().maxCellsPerBatch))
  const batchId = randomUUID()
  await createBatchInSlices(d.db, {
    batchId,
    name: input.name || defaultBatchName(input.matrix),
    matrix: input.matrix,
    total,
    at: d.now(),
    random: d.random,
    budgetCap: input.budgetCap,
  })
  return { batchId, cells: total }
}

/** A file name from the batch's name: letters, digits, dashes; never a path. */
export function csvFileName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60)
  return `${base || 'batch'}.csv`
}

export function createBatchActionHandlers(d: HandlerDeps): BatchActionHandlers {
  const summary = (b: BatchRow) => batchSummary(d.db, b, d.eta)
  /** A deleted batch is still found by the undo, never by anything else. */
  const mustBatch = (id: string, opts: { deleted?: boolean } = {}): BatchRow => {
    const b = getBatch(d.db, id)
    if (!b || (b.deletedAt !== null && !opts.deleted))
      throw new AppError({ kind: 'not_found', message: 'That batch no longer exists; it may have been deleted.' })
    return b
  }
  const changed = (batchId: string): BatchRow => {
    d.events.batchChanged(batchId)
    d.scheduler.requestTick()
    return mustBatch(batchId, { deleted: true })
  }

  return {
    'batch.rename': ({ batchId, name }) => {
      mustBatch(batchId)
      renameBatch(d.db, batchId, name)
      return summary(changed(batchId))
    },

    'batch.setNotes': ({ batchId, notes }) => {
      mustBatch(batchId)
      setBatchNotes(d.db, batchId, notes)
      return summary(changed(batchId))
    },

    'batch.setBudgetCap': ({ batchId, budgetCap }) => {
      mustBatch(batchId)
      setBatchBudgetCap(d.db, batchId, budgetCap)
      return summary(changed(batchId))
    },

    'batch.duplicate': ({ batchId }) => {
      const b = mustBatch(batchId)
      return { name: `${b.name} (copy)`.slice(0, 200), matrix: b.matrix, budgetCap: b.budgetCap }
    },

    'batch.rerun': async ({ batchId }) => {
      const b = mustBatch(batchId)
      const created = await insertNewBatch(d, {
        name: `${b.name} (re-run)`.slice(0, 200),
        matrix: b.matrix,
        budgetCap: b.budgetCap,
      })
      changed(created.batchId)
      return created
    },

    'batch.delete': ({ batchId }) => {
      const b = mustBatch(batchId)
      const at = d.now()
      const trashedImages = d.db.transaction(() => {
        // Work stops with the batch: nothing new is submitted for a batch the user no longer sees.
        if (b.status === 'active') setBatchStatus(d.db, batchId, 'paused', at)
        return markBatchDeleted(d.db, batchId, at)
      })()
      changed(batchId)
      return { trashedImages }
    },

    'batch.undoDelete': ({ batchId }) => {
      const b = mustBatch(batchId, { deleted: true })
      if (b.deletedAt !== null) d.db.transaction(() => unmarkBatchDeleted(d.db, batchId, b.deletedAt!))()
      return summary(changed(batchId))
    },

    'batch.exportCsv': ({ batchId }) => {
      const b = mustBatch(batchId)
      return { fileName: csvFileName(b.name), text: matrixToCsv(b.matrix) }
    },

    'batch.resumeAll': async ({ batchId }) => {
      mustBatch(batchId)
      const at = d.now()
      const requeued = await oneAtATime(d.db, batchId, async () => {
        const n = await commitArrowsInSlices(
          d.db,
          batchId,
          ['cancelled'],
          (id) => d.scheduler.commit(id, { type: 'retry', at }) !== null,
          { onSlice: () => changed(batchId) },
        )
        // A retry reactivates a cancelled batch itself; a paused one is set going here.
        if (getBatch(d.db, batchId)?.status === 'paused') setBatchStatus(d.db, batchId, 'active', at)
        return n
      })
      return { requeued, batch: summary(changed(batchId)) }
    },

    'batch.resolveUnknown': async ({ batchId, choice }) => {
      mustBatch(batchId)
      const at = d.now()
      const event = choice === 'resubmit' ? ({ type: 'retry', at } as const) : ({ type: 'cancel', at } as const)
      const n = await oneAtATime(d.db, batchId, () =>
        commitArrowsInSlices(d.db, batchId, ['unknown'], (id) => d.scheduler.commit(id, event) !== null, {
          onSlice: () => changed(batchId),
        }),
      )
      changed(batchId)
      return { changed: n }
    },

    'prompts.recent': ({ limit }) => recentPrompts(d.db, limit),
  }
}
