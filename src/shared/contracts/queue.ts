import { z } from 'zod'
import { MAX_CELLS_PER_BATCH } from '../domain/batch-limit'

export const PauseReasonSchema = z.object({
  kind: z.enum(['user', 'auth', 'forbidden', 'credits', 'spend_limit', 'network', 'library']),
  message: z.string(),
  /** Epoch ms since when the problem lasts (an unreachable API host), for the renderer to show in local time. */
  since: z.number().optional(),
})
export type PauseReason = z.infer<typeof PauseReasonSchema>

export const RequestCountsSchema = z.object({
  submit: z.number().int(),
  status: z.number().int(),
  result: z.number().int(),
  download: z.number().int(),
})
export type RequestCounts = z.infer<typeof RequestCountsSchema>

export const QueueStatusSchema = z.object({
  paused: z.boolean(),
  /** Why the whole queue stopped (a user pause, a key/credit problem, or an API host that cannot be reached). */
  reason: PauseReasonSchema.nullable(),
  inFlight: z.number().int(),
  pending: z.number().int(),
  /** The configured budget and the one the adaptive limiter currently allows after 429s. */
  rpm: z.number(),
  effectiveRpm: z.number(),
  concurrency: z.number().int(),
  /** Epoch ms until which the server told us to hold off (429), or null. */
  rateLimitedUntil: z.number().nullable(),
  requests: RequestCountsSchema,
})
export type QueueStatus = z.infer<typeof QueueStatusSchema>

export const SettingsSchema = z.object({
  plan: z.enum(['free', 'pro', 'custom']),
  rpm: z.number().min(1).max(10_000),
  concurrency: z.number().int().min(1).max(256),
  /** Whether GETs (status, result) draw from the request budget; Segmind does not say [U]. */
  getsCountTowardRpm: z.boolean(),
  /** v2 async (default) or v1 sync, which blocks ~40 s per image. */
  mode: z.enum(['async', 'sync']),
  /** Lowers the per-batch cell limit (absent: the hard cap of 100,000). */
  maxCellsPerBatch: z.number().int().min(1).max(MAX_CELLS_PER_BATCH).optional(),
  /** Cost safety (issue 10): a batch estimated above this many dollars asks for confirmation first. */
  confirmAboveUsd: z.number().min(0).max(1_000_000),
  /** Dollars per image when Segmind's answer carries no metrics.cost; Soul's list price by default. */
  pricePerImage: z.number().min(0).max(100),
  /** No new submit once today's spend (local day) plus work in flight would pass this; null = no cap. */
  dailyCapUsd: z.number().positive().max(1_000_000).nullable(),
  theme: z.enum(['system', 'light', 'dark']),
})
export type Settings = z.infer<typeof SettingsSchema>
export const SettingsPatchSchema = SettingsSchema.partial()
