import { z } from 'zod'
import { BatchSummarySchema, CellViewSchema } from '../domain/batch'
import { QueueStatusSchema } from './queue'

/**
 * Everything the core pushes to a UI. Per-cell and per-batch events are coalesced by the core (at most a few
 * per second per batch), so a 10 000-cell batch never floods the renderer.
 */
export const CoreEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cell'), cell: CellViewSchema }),
  z.object({ type: z.literal('batch'), batch: BatchSummarySchema }),
  z.object({ type: z.literal('queue'), queue: QueueStatusSchema }),
])
export type CoreEvent = z.infer<typeof CoreEventSchema>
