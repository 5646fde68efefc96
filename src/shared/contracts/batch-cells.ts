import { z } from 'zod'
import { CellCursorSchema, CellViewSchema } from '../domain/batch'
import { DEFAULT_CELL_PAGE } from './constants'

export { DEFAULT_CELL_PAGE }

/** Largest page of cells one call returns; the grid asks for pages as rows scroll into view. */
export const MAX_CELL_PAGE = 1000

/** `batch.get` sends this many cells at most; a bigger batch's grid pages the rest in with `batch.cells`. */
export const BATCH_GET_CELLS = 1000

export const CellPageSchema = z.object({
  cells: z.array(CellViewSchema),
  /** Where the next page starts, or null when this page reached the batch's last cell. */
  next: CellCursorSchema.nullable(),
})
export type CellPage = z.infer<typeof CellPageSchema>

export const batchCellsContracts = {
  'batch.cells': {
    input: z.object({
      batchId: z.string().min(1).max(200),
      after: CellCursorSchema.optional(),
      limit: z.number().int().min(1).max(MAX_CELL_PAGE).default(DEFAULT_CELL_PAGE),
    }),
    output: CellPageSchema,
  },
} as const
