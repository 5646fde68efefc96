import { z } from 'zod'

const MAX_ID_LENGTH = 200

/**
 * Calls that collect images already paid for. `cells.refetchUnwritten`: cells whose job finished on Segmind but
 * whose image the library could not write (error kind `library`) fetch it again from the URL they kept, never
 * re-POSTing; without a batch id, every batch of the library.
 */
export const paidImageContracts = {
  'cells.refetchUnwritten': {
    input: z.object({ batchId: z.string().min(1).max(MAX_ID_LENGTH).optional() }).strict(),
    output: z.object({ requeued: z.number().int(), batchIds: z.array(z.string()) }),
  },
} as const

/**
 * `confirmRebill` on a retry: a job that vanished on Segmind before its retention was billed, and submitting it
 * again pays a second time; only an explicit true lets such a retry through.
 */
export const ConfirmRebill = z.boolean().optional()
