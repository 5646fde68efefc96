import { z } from 'zod'
import { BatchSummarySchema, MatrixSchema } from '../domain/batch'

/** Batch management (issue 10): the batch's menu and the CLI's rename/delete/export. */
const BatchRef = z.object({ batchId: z.string().min(1).max(200) })

export const batchActionContracts = {
  'batch.rename': {
    input: BatchRef.extend({
      name: z.string().trim().min(1, 'Give the batch a name.').max(200, 'A batch name is at most 200 characters.'),
    }),
    output: BatchSummarySchema,
  },
  'batch.setNotes': {
    input: BatchRef.extend({ notes: z.string().max(10_000, 'Notes are at most 10,000 characters.') }),
    output: BatchSummarySchema,
  },
  'batch.setBudgetCap': {
    input: BatchRef.extend({ budgetCap: z.number().positive().max(1_000_000).nullable() }),
    output: BatchSummarySchema,
  },
  /** The batch's matrix and name as a new draft for the compose page; nothing is created. */
  'batch.duplicate': {
    input: BatchRef,
    output: z.object({ name: z.string(), matrix: MatrixSchema, budgetCap: z.number().nullable() }),
  },
  /** The same matrix as a new batch, at once (new seeds under the shared and random policies). */
  'batch.rerun': { input: BatchRef, output: z.object({ batchId: z.string(), cells: z.number().int() }) },
  /** Hides the batch and sends its images to the trash; undone by batch.undoDelete. Work on it pauses. */
  'batch.delete': { input: BatchRef, output: z.object({ trashedImages: z.number().int() }) },
  'batch.undoDelete': { input: BatchRef, output: BatchSummarySchema },
  /** CSV that csv.parse reads back to the same prompt rows, styles and sizes. */
  'batch.exportCsv': { input: BatchRef, output: z.object({ fileName: z.string(), text: z.string() }) },
  /** A cancelled or paused batch goes on in one action: cancelled cells are queued again, the batch runs. */
  'batch.resumeAll': { input: BatchRef, output: z.object({ requeued: z.number().int(), batch: BatchSummarySchema }) },
  /**
   * Cells whose outcome is unknown (the app stopped between sending a request and hearing back): send them
   * again (Segmind may bill twice) or drop them (marked cancelled).
   */
  'batch.resolveUnknown': {
    input: BatchRef.extend({ choice: z.enum(['resubmit', 'drop']) }),
    output: z.object({ changed: z.number().int() }),
  },
  'prompts.recent': {
    input: z.object({ limit: z.number().int().min(1).max(200).default(30) }),
    output: z.array(z.string()),
  },
} as const
