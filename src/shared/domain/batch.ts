import { z } from 'zod'
import { QUALITIES, SEED_MAX, SEED_MIN } from '../catalog/model'
import { SOUL_SIZES } from '../catalog/sizes'
import { SOUL_STYLES } from '../catalog/styles'
import { CellStateSchema } from './cell'
import { MAX_SEED_LIST } from './seed-list'
import { SoulParamsSchema } from './params'

const styleIds = SOUL_STYLES.map((s) => s.id) as [string, ...string[]]

const SEED_RANGE = `seeds are whole numbers from ${SEED_MIN} to ${SEED_MAX}`
const SeedSchema = z.number().int(SEED_RANGE).min(SEED_MIN, SEED_RANGE).max(SEED_MAX, SEED_RANGE)

/** A fixed list of seeds, each once (a seed twice would be the same image paid for twice). */
export const SeedListSchema = z
  .array(SeedSchema)
  .min(1, 'list at least one seed')
  .max(MAX_SEED_LIST, `a seed list has at most ${MAX_SEED_LIST} seeds`)
  .refine((seeds) => new Set(seeds).size === seeds.length, 'list each seed once')

/**
 * How seeds are chosen across a matrix. `shared` (the default) gives every style in a prompt row the same
 * seeds, so an A/B between styles compares like with like; `fixed` uses one seed everywhere; `list` generates
 * every prompt x style once per seed of a fixed list, the same seeds in every row (a fair A/B that can also be
 * repeated exactly); `random` draws a fresh seed per cell.
 */
export const SeedPolicySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('shared'), count: z.number().int().min(1).max(16).default(1) }),
  z.object({ mode: z.literal('fixed'), seed: SeedSchema }),
  z.object({ mode: z.literal('list'), seeds: SeedListSchema }),
  z.object({ mode: z.literal('random'), count: z.number().int().min(1).max(16).default(1) }),
])
export type SeedPolicy = z.infer<typeof SeedPolicySchema>

/** One prompt row of a matrix; CSV rows may override the batch's defaults per row. */
export const PromptRowSchema = z.object({
  prompt: z.string().trim().min(1, 'prompt is empty').max(4000),
  name: z.string().max(200).optional(),
  tags: z.array(z.string().max(100)).max(50).optional(),
  /** Row-level overrides (CSV): styles replace the batch's styles for this row. */
  styleIds: z.array(z.enum(styleIds)).min(1).max(SOUL_STYLES.length).optional(),
  seed: z.number().int().min(SEED_MIN).max(SEED_MAX).optional(),
  /** A row's own seed list (a CSV seed cell "7|42|1234"): one cell per seed and style, instead of the batch's seeds. */
  seeds: SeedListSchema.optional(),
  width_and_height: z.enum(SOUL_SIZES).optional(),
  quality: z.enum(QUALITIES).optional(),
  style_strength: z.number().min(0).max(1).optional(),
  enhance_prompt: z.boolean().optional(),
  image_url: z.url().optional(),
})
export type PromptRow = z.infer<typeof PromptRowSchema>

/**
 * The stored definition of a batch's matrix: prompts x styles x seeds. Kept whole in the batch row so the grid
 * can always be rebuilt and the batch re-run or exported back to CSV.
 */
export const MatrixSchema = z.object({
  prompts: z.array(PromptRowSchema).min(1, 'add at least one prompt').max(10_000),
  styleIds: z.array(z.enum(styleIds)).min(1, 'select at least one style').max(SOUL_STYLES.length),
  seeds: SeedPolicySchema.default({ mode: 'shared', count: 1 }),
  width_and_height: z.enum(SOUL_SIZES),
  quality: z.enum(QUALITIES).default('1080p'),
  style_strength: z.number().min(0).max(1).default(1),
  enhance_prompt: z.boolean().default(false),
})
export type Matrix = z.infer<typeof MatrixSchema>
export type MatrixInput = z.input<typeof MatrixSchema>

export const BATCH_STATUSES = ['active', 'paused', 'done', 'cancelled'] as const
export const BatchStatusSchema = z.enum(BATCH_STATUSES)
export type BatchStatus = z.infer<typeof BatchStatusSchema>

export const CellCountsSchema = z.record(CellStateSchema, z.number().int()).describe('cells per state')

export const BatchSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  status: BatchStatusSchema,
  priority: z.number().int(),
  total: z.number().int(),
  counts: z.partialRecord(CellStateSchema, z.number().int()),
  spend: z.number(),
  /** Seconds to finish at the observed rate and budget; null until we know. */
  etaSeconds: z.number().nullable(),
  /** Issue 10's batch fields; optional so older callers and fixtures that build summaries stay valid. */
  notes: z.string().optional(),
  budgetCap: z.number().nullable().optional(),
  /** Why the scheduler paused this batch (its budget cap); null when the user paused it or it runs. */
  pauseReason: z.string().nullable().optional(),
  /** Deleted (undoable): events about it still arrive, and tell the list to drop it. */
  deleted: z.boolean().optional(),
})
export type BatchSummary = z.infer<typeof BatchSummarySchema>

/** A generated image as the UI sees it; bytes never cross IPC, only ids that the image route serves. */
export const ImageViewSchema = z.object({
  id: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  mime: z.string(),
  seed: z.number().int().nullable(),
  createdAt: z.number(),
})
export type ImageView = z.infer<typeof ImageViewSchema>

export const CellViewSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  promptIndex: z.number().int(),
  styleId: z.string(),
  seedIndex: z.number().int(),
  params: SoulParamsSchema,
  state: CellStateSchema,
  error: z.object({ kind: z.string(), message: z.string(), detail: z.string().optional() }).nullable(),
  attempts: z.number().int(),
  cost: z.number().nullable(),
  updatedAt: z.number(),
  image: ImageViewSchema.nullable(),
})
export type CellView = z.infer<typeof CellViewSchema>

/** A grid position: prompt row, then the cell's place in grid order. Pages of cells start after it. */
export const CellCursorSchema = z.object({
  promptIndex: z.number().int().min(0).max(1_000_000),
  /** -1 starts at the first cell of the row. */
  ord: z.number().int().min(-1).max(10_000_000),
})
export type CellCursor = z.infer<typeof CellCursorSchema>

export const BatchDetailSchema = z.object({
  batch: BatchSummarySchema,
  matrix: MatrixSchema,
  /** The first page of cells in grid order (all of them for any batch of ordinary size). */
  cells: z.array(CellViewSchema),
  /** Where `batch.cells` continues, or null/absent when `cells` holds the whole batch. */
  next: CellCursorSchema.nullable().optional(),
})
export type BatchDetail = z.infer<typeof BatchDetailSchema>
