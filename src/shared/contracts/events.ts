import { z } from 'zod'
import { BatchSummarySchema, CellViewSchema } from '../domain/batch'
import { LibraryItemSchema } from './library'
import { QueueStatusSchema } from './queue'

/** A library event carries at most this many marked images; past it, `moreMarked` says to re-read the screen. */
export const MAX_EVENT_ITEMS = 200

/**
 * The library changed (issue 8): a running batch saved images, a folder import adopted some, images were trashed,
 * restored, deleted with their batch or marked, from any window or a direct core call. Coalesced like the others.
 */
export const LibraryChangeSchema = z.object({
  /** Images entered or left the library or the trash since the last event: day counts and pages may have moved. */
  membership: z.boolean(),
  /** Images whose star, rating or tags changed, as they are now. */
  marked: z.array(LibraryItemSchema),
  /** More images were marked than `marked` carries. */
  moreMarked: z.boolean(),
})
export type LibraryChange = z.infer<typeof LibraryChangeSchema>

/**
 * Everything the core pushes to a UI. Per-cell and per-batch events are coalesced by the core (at most a few
 * per second per batch), so a 10 000-cell batch never floods the renderer.
 */
export const CoreEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cell'), cell: CellViewSchema }),
  z.object({ type: z.literal('batch'), batch: BatchSummarySchema }),
  z.object({ type: z.literal('queue'), queue: QueueStatusSchema }),
  z.object({ type: z.literal('library'), change: LibraryChangeSchema }),
])
export type CoreEvent = z.infer<typeof CoreEventSchema>
