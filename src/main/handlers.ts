import type { CoreHandlers, Settings } from '@shared/contracts'
import { drawSeed, estimateMatrix, type ThroughputInput } from '@shared/domain/matrix'
import type { Matrix } from '@shared/domain'
import { AppError } from '@shared/errors'
import { APP_VERSION } from '@shared/version'
import type { SegmindApi } from './cloud/types'
import type { Db } from './db/connection'
import { allCellCounts, getBatch, listBatches, setBatchPriority, setBatchStatus, type BatchRow } from './db/batches'
import { cellIdsInStates, cellsOfBatch, getCell } from './db/cells'
import { imagesOfBatch } from './db/images'
import type { CoreEventHub } from './events'
import { parseCsv } from './importers/csv'
import type { Scheduler } from './scheduler/runner'
import { batchSummary, cellView } from './views'
import { createBatchActionHandlers, insertNewBatch } from './batch-actions'
import type { ApiKeyHandlers } from './api-key'
import type { DemoHandlers } from './demo-faults'
import { CURRENCY } from '@shared/format/numbers'

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
  /**
   * The calls that depend on the live connection, built by the core that owns it: the key's (status, save, test,
   * remove) and demo mode's fault injection.
   */
  apiKeyHandlers: ApiKeyHandlers & DemoHandlers
}

export function createHandlers(d: HandlerDeps): CoreHandlers {
  const summary = (b: BatchRow) => batchSummary(d.db, b, d.eta)
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
    'app.info': () => ({
      version: APP_VERSION,
      demoMode: d.demoMode,
      apiHost: d.apiHost,
      home: d.home,
      host: 'electron',
    }),

    'batch.estimate': ({ matrix }) => ({
      ...estimateMatrix(matrix, d.throughput(matrix), d.settings().pricePerImage),
      pricePerImage: d.settings().pricePerImage,
      currency: CURRENCY,
    }),

    'batch.create': ({ name, matrix, budgetCap }) => {
      const created = insertNewBatch(d, { name, matrix, budgetCap: budgetCap ?? null })
      changed(created.batchId)
      return created
    },

    'batch.list': () => {
      const counts = allCellCounts(d.db)
      return listBatches(d.db).map((b) => batchSummary(d.db, b, d.eta, counts.get(b.id) ?? {}))
    },

    'batch.get': ({ batchId }) => {
      const batch = mustBatch(batchId)
      const images = new Map(imagesOfBatch(d.db, batchId).map((i) => [i.cellId, i]))
      return {
        batch: summary(batch),
        matrix: batch.matrix,
        cells: cellsOfBatch(d.db, batchId).map((c) => cellView(c, images.get(c.id))),
      }
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

    'batch.cancel': ({ batchId }) => {
      mustBatch(batchId)
      const at = d.now()
      const result = d.db.transaction(() => {
        setBatchStatus(d.db, batchId, 'cancelled', at)
        let cancelled = 0
        for (const id of cellIdsInStates(d.db, batchId, ['pending'])) {
          if (d.scheduler.commit(id, { type: 'cancel', at })) cancelled++
        }
        const stillOnServer = cellIdsInStates(d.db, batchId, ['submitting', 'queued', 'processing', 'fetching']).length
        return { cancelled, stillOnServer }
      })()
      changed(batchId)
      return result
    },

    'batch.retryFailed': ({ batchId }) => {
      mustBatch(batchId)
      const at = d.now()
      const requeued = d.db.transaction(() => {
        let n = 0
        for (const id of cellIdsInStates(d.db, batchId, ['failed', 'expired'])) {
          if (d.scheduler.commit(id, { type: 'retry', at })) n++
        }
        return n
      })()
      changed(batchId)
      return { requeued }
    },

    'batch.setPriority': ({ batchId, priority }) => {
      mustBatch(batchId)
      setBatchPriority(d.db, batchId, priority)
      changed(batchId)
      return summary(mustBatch(batchId))
    },

    'cell.retry': ({ cellId, newSeed }) => {
      const cell = getCell(d.db, cellId)
      if (!cell) throw new AppError({ kind: 'not_found', message: `There is no cell ${cellId}.` })
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

    'csv.parse': ({ text }) => parseCsv(text),

    ...createBatchActionHandlers(d),
    ...d.apiKeyHandlers,
  }
}
