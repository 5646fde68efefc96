import { z } from 'zod'
import { CreateBatchInputSchema } from '@shared/contracts'
import { MatrixSchema, PromptRowSchema } from '@shared/domain/batch'
import { yieldToLoop } from '../batch-creation'

/** Above this many prompt rows, a matrix is validated in slices (below, one parse takes at most ~20 ms, cold). */
export const SLICED_ABOVE = 500

/**
 * What one slice may take. The first slice is small because zod's first use of a schema is ~10x its warm cost
 * (1 000 rows held the loop ~40 ms on the first batch after start, ~3 ms later); each next slice is sized from
 * the rate the last one ran at.
 */
const SLICE_MS = 6
const FIRST_SLICE = 100
const MAX_SLICE = 4000

/** The next slice's row count from the last one's rate, within [FIRST_SLICE / 2, MAX_SLICE]. */
export function nextSliceRows(rows: number, ms: number): number {
  const perMs = rows / Math.max(ms, 0.05)
  return Math.max(FIRST_SLICE / 2, Math.min(MAX_SLICE, Math.floor(perMs * SLICE_MS)))
}

const PromptRowsSchema = z.array(PromptRowSchema)

/** The create/estimate input with everything checked except the rows themselves (their count is checked). */
const ShellSchema = CreateBatchInputSchema.extend({
  matrix: MatrixSchema.extend({ prompts: z.array(z.unknown()).min(1, 'add at least one prompt').max(10_000) }),
})

type CreateInput = z.output<typeof CreateBatchInputSchema>

/** Whether a call's input is a matrix big enough to be validated in slices (batch.create and batch.estimate). */
export function isBigMatrixInput(schema: z.ZodType, raw: unknown): boolean {
  if (schema !== CreateBatchInputSchema) return false
  const prompts = (raw as { matrix?: { prompts?: unknown } } | null)?.matrix?.prompts
  return Array.isArray(prompts) && prompts.length > SLICED_ABOVE
}

/**
 * CreateBatchInputSchema.safeParse for a big matrix without holding the host's loop: the rest of the input first,
 * then the prompt rows a slice of ~SLICE_MS at a time with a turn between slices (10 000 rows in one parse held the
 * loop 17-68 ms). The same answer as one parse: the parsed input, or every problem with its full path
 * (matrix.prompts[4321].prompt), in row order.
 */
export async function parseBigMatrixInput(
  raw: unknown,
): Promise<{ success: true; data: CreateInput } | { success: false; error: z.ZodError }> {
  const shell = ShellSchema.safeParse(raw)
  // Refused anyway: one parse gives every problem, rows included, in the order a person reads them.
  if (!shell.success) {
    const whole = CreateBatchInputSchema.safeParse(raw)
    return whole.success ? { success: false, error: shell.error } : { success: false, error: whole.error }
  }
  const rows = shell.data.matrix.prompts
  const parsed: CreateInput['matrix']['prompts'] = []
  const issues: z.core.$ZodIssue[] = []
  let size = FIRST_SLICE
  for (let from = 0; from < rows.length;) {
    await yieldToLoop()
    const t0 = performance.now()
    const slice = PromptRowsSchema.safeParse(rows.slice(from, from + size))
    if (slice.success) parsed.push(...slice.data)
    else {
      for (const issue of slice.error.issues) {
        const [row, ...rest] = issue.path
        issues.push({ ...issue, path: ['matrix', 'prompts', (typeof row === 'number' ? row : 0) + from, ...rest] })
      }
    }
    from += size
    size = nextSliceRows(size, performance.now() - t0)
  }
  if (issues.length > 0) return { success: false, error: new z.ZodError(issues) }
  return { success: true, data: { ...shell.data, matrix: { ...shell.data.matrix, prompts: parsed } } }
}
