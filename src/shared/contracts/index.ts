import { z } from 'zod'
import { BatchDetailSchema, BatchSummarySchema, MatrixSchema, PromptRowSchema } from '../domain/batch'
import { batchCellsContracts } from './batch-cells'
import { batchPageContracts } from './batch-pages'
import { desktopContracts } from './desktop'
import { libraryContracts } from './library'
import { apiKeyContracts } from './api-key'
import { batchActionContracts } from './batch-actions'
import { demoContracts } from './demo'
import { picksContracts } from './picks'
import { gridExportContracts } from './grid-export'
import { QueueStatusSchema, SettingsPatchSchema, SettingsSchema } from './queue'
import { ConfirmRebill, paidImageContracts } from './paid-images'

export * from './desktop'
export * from './events'
export * from './library'
export * from './queue'
export * from './batch-cells'
export * from './batch-pages'
export * from './api-key'
export * from './picks'
export * from './grid-export'

/** Ids are UUIDs; the cap keeps a caller's megabyte of text out of lookups and the not_found message. */
const MAX_ID_LENGTH = 200
const BatchRef = z.object({ batchId: z.string().min(1).max(MAX_ID_LENGTH) })
const Empty = z.object({}).strict()

export const AppInfoSchema = z.object({
  version: z.string(),
  /** True when no SEGMIND_API_KEY is set and the in-process simulator answers instead of Segmind. */
  demoMode: z.boolean(),
  /** The API host we talk to (never the key). */
  apiHost: z.string(),
  home: z.string(),
  host: z.enum(['electron', 'browser']),
})
export type AppInfo = z.infer<typeof AppInfoSchema>

export const CreateBatchInputSchema = z.object({
  name: z.string().trim().max(200).optional(),
  matrix: MatrixSchema,
  /** Dollars this batch may spend; it pauses before the submit that would pass it (issue 10). */
  budgetCap: z.number().positive().max(1_000_000).optional(),
})
export type CreateBatchInput = z.input<typeof CreateBatchInputSchema>

export const EstimateSchema = z.object({
  cells: z.number().int(),
  cost: z.number(),
  /** Wall-clock estimate under the current budget and concurrency. */
  seconds: z.number(),
  requests: z.number().int(),
  /** The price per image the cost assumes (the price setting) and its currency, shown beside the cost. */
  pricePerImage: z.number().optional(),
  currency: z.string().optional(),
})
export type Estimate = z.infer<typeof EstimateSchema>

export const CsvRowErrorSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  message: z.string(),
})
export type CsvRowError = z.infer<typeof CsvRowErrorSchema>

export const CsvImportSchema = z.object({
  rows: z.array(PromptRowSchema),
  errors: z.array(CsvRowErrorSchema),
  delimiter: z.string(),
})
export type CsvImport = z.infer<typeof CsvImportSchema>

/**
 * Every call the UI can make, declared once: the Electron preload, the IPC handlers, the browser-mode server
 * and the renderer's client are all derived from this table, and every input is validated in the host.
 */
export const contracts = {
  'app.info': { input: Empty, output: AppInfoSchema },
  'batch.estimate': { input: CreateBatchInputSchema, output: EstimateSchema },
  'batch.create': {
    input: CreateBatchInputSchema,
    output: z.object({ batchId: z.string(), cells: z.number().int() }),
  },
  'batch.list': { input: Empty, output: z.array(BatchSummarySchema) },
  'batch.get': { input: BatchRef, output: BatchDetailSchema },
  'batch.pause': { input: BatchRef, output: BatchSummarySchema },
  'batch.resume': { input: BatchRef, output: BatchSummarySchema },
  'batch.cancel': {
    input: BatchRef,
    output: z.object({
      cancelled: z.number().int(),
      /** Cells already on the server: we stop waiting only if asked; they may still be billed. */
      stillOnServer: z.number().int(),
    }),
  },
  'batch.retryFailed': {
    input: BatchRef.extend({ confirmRebill: ConfirmRebill }),
    output: z.object({ requeued: z.number().int() }),
  },
  'batch.setPriority': {
    input: BatchRef.extend({ priority: z.number().int().min(-100).max(100) }),
    output: BatchSummarySchema,
  },
  'cell.retry': {
    input: z.object({
      cellId: z.string().min(1).max(MAX_ID_LENGTH),
      newSeed: z.boolean().default(false),
      confirmRebill: ConfirmRebill,
    }),
    output: z.object({ ok: z.literal(true) }),
  },
  'queue.status': { input: Empty, output: QueueStatusSchema },
  'queue.pause': { input: Empty, output: QueueStatusSchema },
  'queue.resume': { input: Empty, output: QueueStatusSchema },
  'settings.get': { input: Empty, output: SettingsSchema },
  'settings.update': { input: SettingsPatchSchema, output: SettingsSchema },
  'credits.check': {
    input: Empty,
    output: z.object({ credits: z.number(), freeCredits: z.number().nullable() }),
  },
  'csv.parse': {
    input: z.object({
      text: z.string().max(20_000_000),
      fileName: z.string().optional(),
      /** The compose's styles and seeds, so an import that would make a batch over the limit is refused. */
      forBatch: z
        .object({ styleCount: z.number().int().min(1).max(10), seedCount: z.number().int().min(1).max(16) })
        .optional(),
    }),
    output: CsvImportSchema,
  },
  ...desktopContracts,
  ...paidImageContracts,
  ...batchCellsContracts,
  ...batchPageContracts,
  ...libraryContracts,
  ...batchActionContracts,
  ...apiKeyContracts,
  ...demoContracts,
  ...picksContracts,
  ...gridExportContracts,
} as const

export type Contracts = typeof contracts
export type CallName = keyof Contracts
export type CallInput<N extends CallName> = z.input<Contracts[N]['input']>
export type CallOutput<N extends CallName> = z.output<Contracts[N]['output']>
export const CALL_NAMES = Object.keys(contracts) as CallName[]

/** What a host hands the transport: one async function per call, inputs already validated. */
export type CoreHandlers = {
  [N in CallName]: (input: z.output<Contracts[N]['input']>) => Promise<CallOutput<N>> | CallOutput<N>
}
