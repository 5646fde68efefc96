import { BATCH_GET_CELLS, type CoreHandlers, type Settings } from '@shared/contracts'
import { assertBatchSize, effectiveCellLimit } from '@shared/domain/batch-limit'
import { drawSeed, estimateMatrix, type ThroughputInput } from '@shared/domain/matrix'
import type { Matrix } from '@shared/domain'
import { AppError } from '@shared/errors'
import { APP_VERSION } from '@shared/version'
import type { SegmindApi } from './cloud/types'
import type { Db } from './db/connection'
import { createDiagnosticsHandlers } from './diagnostics/handlers'
import { allCellCounts, getBatch, listBatches, setBatchPriority, setBatchStatus, type BatchRow } from './db/batches'
import { batchCellsHandlers, cellPageOf, csvImportChecked } from './batch-cells-handlers'
import { cellIdsInStates, getCell } from './db/cells'
import type { CoreEventHub } from './events'
import { assertRebillConfirmed, paidImageHandlers } from './paid-images-handlers'
import { vanishedCellIds } from './db/unwritten-cells'
import { createLibraryHandlers, type LibraryDeps } from './library/library-handlers'
import type { Scheduler } from './scheduler/runner'
import { batchSummary } from './views'
import { createBatchActionHandlers, insertNewBatch } from './batch-actions'
import { createBatchPageHandlers } from './batch-page-handlers'
import { cancelBatchInSlices, commitArrowsInSlices, oneAtATime } from './batch-cancel-retry'
import type { ApiKeyHandlers } from './api-key'
import type { DemoHandlers } from './demo-faults'
import { CURRENCY } from '@shared/format/numbers'
import { createPicksHandlers } from './picks/picks-handlers'
import { createGridExportHandlers } from './grid-export/grid-export-handlers'

export interface HandlerDeps {
  db: Db
  home: string
  client: SegmindApi
  scheduler: Scheduler
  events: CoreEventHub
  now(): number
  random(): number
  demoMode: boolean
  apiHost: string
  settings(): Settings
  updateSettings(patch: Partial<Settings>): Settings
  throughput(matrix?: Matrix): ThroughputInput
  eta(batch: BatchRow, remaining: number): number | null
  logDir: string
  library: Omit<LibraryDeps, 'db' | 'home' | 'now'>
  /**
   * The calls that depend on the live connection, built by the core that owns it: the key's (status, save, test,
   * remove) and demo mode's fault injection.
   */
  apiKeyHandlers: ApiKeyHandlers & DemoHandlers
}

export function createHandlers(d: HandlerDeps): CoreHandlers {
  const summary = (b: BatchRow) => batchSummary(d.db, b, d.eta)
  const cellLimit = (): number => effectiveCellLimit(d.settings().maxCellsPerBatch)
  const mustBatch = (id: string): BatchRow => {
    const b = getBatch(d.db, id)
    if (!b) throw new AppError({ kind: 'not_found', message: `There is no batch ${id}.` })
    return b
  }
  const changed = (batchId: string): void => {
    d.events.batchChanged(batchId)
    d.scheduler.requestTick()
  }

  return {
    ...paidImageHandlers({ scheduler: d.scheduler, changed }),
    'app.info': () => ({
      version: APP_VERSION,
      demoMode: d.demoMode,
      apiHost: d.apiHost,
      home: d.home,
      host: 'electron',
    }),

    'batch.estimate': ({ matrix }) => {
      // Counted from the matrix: a batch over the limit is refused before anything is estimated or written.
      assertBatchSize(matrix, cellLimit())
      return {
        ...estimateMatrix(matrix, d.throughput(matrix), d.settings().pricePerImage),
        pricePerImage: d.settings().pricePerImage,
        currency: CURRENCY,
      }
    },

    'batch.create': async ({ name, matrix, budgetCap }) => {
      const created = await insertNewBatch(d, { name, matrix, budgetCap: budgetCap ?? null })
      changed(created.batchId)
      return created
    },

    'batch.list': () => {
      const counts = allCellCounts(d.db)
      return listBatches(d.db).map((b) => batchSummary(d.db, b, d.eta, counts.get(b.id) ?? {}))
    },

    'batch.get': ({ batchId }) => {
      const batch = mustBatch(batchId)
      const page = cellPageOf(d.db, batchId, undefined, BATCH_GET_CELLS)
      return { batch: summary(batch), matrix: batch.matrix, cells: page.cells, next: page.next }
    },

    'batch.pause': ({ batchId }) => {
      if (mustBatch(batchId).status === 'active') setBatchStatus(d.db, batchId, 'paused', d.now())
      changed(batchId)
      return summary(mustBatch(batchId))
    },

    'batch.resume': ({ batchId }) => {
      if (mustBatch(batchId).status === 'paused') setBatchStatus(d.db, batchId, 'active', d.now())
      changed(batchId)
      return summary(mustBatch(batchId))
    },

    'batch.cancel': async ({ batchId }) => {
      mustBatch(batchId)
      // In slices (batch-cancel-retry.ts): the counts of a big batch move as they go, one event per slice.
      const cancelled = await oneAtATime(d.db, batchId, () =>
        cancelBatchInSlices(d.db, batchId, d.now(), () => changed(batchId)),
      )
      const stillOnServer = cellIdsInStates(d.db, batchId, ['submitting', 'queued', 'processing', 'fetching']).length
      changed(batchId)
      return { cancelled, stillOnServer }
    },

    'batch.retryFailed': async ({ batchId, confirmRebill }) => {
      mustBatch(batchId)
      const at = d.now()
      // Jobs that vanished before retention were billed: they are resubmitted only with the user's explicit word.
      const skip = new Set(confirmRebill === true ? [] : vanishedCellIds(d.db, batchId))
      const requeued = await oneAtATime(d.db, batchId, () =>
        commitArrowsInSlices(
          d.db,
          batchId,
          ['failed', 'expired'],
          (id) => d.scheduler.commit(id, { type: 'retry', at }) !== null,
          { skip, onSlice: () => changed(batchId) },
        ),
      )
      changed(batchId)
      return { requeued }
    },

    'batch.setPriority': ({ batchId, priority }) => {
      mustBatch(batchId)
      setBatchPriority(d.db, batchId, priority)
      changed(batchId)
      return summary(mustBatch(batchId))
    },

    'cell.retry': async ({ cellId, newSeed, confirmRebill }) => {
      const found = getCell(d.db, cellId)
      if (!found) throw new AppError({ kind: 'not_found', message: `There is no cell ${cellId}.` })
      // After any bulk action on its batch that is still going (batch-cancel-retry.ts oneAtATime).
      return oneAtATime(d.db, found.batchId, () => {
        const cell = getCell(d.db, cellId)
        if (!cell) throw new AppError({ kind: 'not_found', message: `There is no cell ${cellId}.` })
        assertRebillConfirmed(cell, confirmRebill)
        const next = d.scheduler.commit(cellId, {
          type: 'retry',
          at: d.now(),
          ...(newSeed ? { newSeed: drawSeed(d.random) } : {}),
        })
        if (!next) {
          throw new AppError({
            kind: 'validation',
            message: `This cell is ${cell.state}; only failed, expired, unknown or cancelled cells can be retried.`,
          })
        }
        changed(cell.batchId)
        return { ok: true as const }
      })
    },

    'queue.status': () => d.scheduler.status(),
    'queue.pause': () => {
      d.scheduler.pause()
      return d.scheduler.status()
    },
    'queue.resume': () => {
      d.scheduler.resume()
      return d.scheduler.status()
    },

    'settings.get': () => d.settings(),
    'settings.update': (patch) => {
      const next = d.updateSettings(patch)
      d.events.queueChanged()
      d.scheduler.requestTick()
      return next
    },

    'credits.check': async () => {
      const c = await d.client.credits()
      return { credits: c.credits, freeCredits: c.freeCredits }
    },

    'csv.parse': ({ text, forBatch }) => csvImportChecked(text, forBatch, cellLimit()),

    ...createDiagnosticsHandlers(d),
    ...batchCellsHandlers({ db: d.db, mustBatch }),
    ...createLibraryHandlers({
      db: d.db,
      home: d.home,
      now: d.now,
      changed: (marked) => (marked ? d.events.libraryMarked(marked) : d.events.libraryChanged()),
      ...d.library,
    }),
    ...createBatchActionHandlers(d),
    ...createBatchPageHandlers(d),
    ...d.apiKeyHandlers,
    ...createPicksHandlers({ db: d.db, now: d.now }),
    ...createGridExportHandlers({ db: d.db, home: d.home, now: d.now }),
  }
}
