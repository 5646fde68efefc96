import { z } from 'zod'
import { BatchSummarySchema } from '../domain/batch'

/** Largest page of batches one call returns; the sidebar asks for the next page as its end scrolls into view. */
export const MAX_BATCH_PAGE = 500
export const DEFAULT_BATCH_PAGE = 200

/** Where a page of the batch list starts: the last batch of the page before, by its place in the sidebar's order. */
const NOT_A_PLACE = 'That is not a place in the batch list; ask for the first page again.'
export const BatchCursorSchema = z.object({
  /** 0 running, 1 paused, 2 finished. */
  rank: z.number(NOT_A_PLACE).int(NOT_A_PLACE).min(0, NOT_A_PLACE).max(2, NOT_A_PLACE),
  /** The priority, negated (highest first). */
  priority: z.number(NOT_A_PLACE).int(NOT_A_PLACE).min(-1000, NOT_A_PLACE).max(1000, NOT_A_PLACE),
  /** Created time, negated for finished batches (newest first). */
  age: z.number(NOT_A_PLACE).int(NOT_A_PLACE),
  id: z.string(NOT_A_PLACE).min(1, NOT_A_PLACE).max(200, NOT_A_PLACE),
})
export type BatchCursor = z.infer<typeof BatchCursorSchema>

export const BatchTotalsSchema = z.object({
  /** Visible batches the queue still owes work to (running or paused). */
  queued: z.number().int(),
  finished: z.number().int(),
  /** Dollars spent across every visible batch. */
  spend: z.number(),
})
export type BatchTotals = z.infer<typeof BatchTotalsSchema>

export const BatchPageSchema = z.object({
  /** In the sidebar's order: running, paused, then finished; higher priority first; see db/batch-pages.ts. */
  batches: z.array(BatchSummarySchema),
  /** Where the next page starts, or null when this page reached the last batch. */
  next: BatchCursorSchema.nullable(),
  /** Only on a first page (no `after`): counts and spend of the whole list, for the sidebar's headings. */
  totals: BatchTotalsSchema.optional(),
})
export type BatchPage = z.infer<typeof BatchPageSchema>

export const batchPageContracts = {
  /**
   * The batch list one page at a time (batch.list answers every batch at once, for small scripts and tests).
   * `search` keeps only names containing every word (case and accents ignored); such a page may hold fewer than
   * `limit` batches with a `next` when the walk through the list stopped at its bound.
   */
  'batch.page': {
    input: z.object({
      after: BatchCursorSchema.optional(),
      limit: z
        .number('Give the page size as a whole number of batches.')
        .int('Give the page size as a whole number of batches.')
        .min(1, 'Ask for at least 1 batch per page.')
        .max(MAX_BATCH_PAGE, `A page holds at most ${MAX_BATCH_PAGE} batches.`)
        .default(DEFAULT_BATCH_PAGE),
      search: z.string('Search with words.').max(200, 'Search with at most 200 characters.').optional(),
    }),
    output: BatchPageSchema,
  },
} as const
