import { z } from 'zod'

/**
 * Demo-mode fault injection from Settings > Advanced (issue 10): the simulator's fault rates, so a person can
 * rehearse failures without paying. Rates are chances from 0 to 1 per request or job. The same settings as the
 * SOUL_BATCH_DEMO environment variable's "faults" object (README, Demo mode).
 */
const rate = z.number().min(0, 'A fault rate is from 0% to 100%.').max(1, 'A fault rate is from 0% to 100%.')
export const DemoFaultsSchema = z.object({
  submit5xxBefore: rate,
  submit5xxAfter: rate,
  get5xx: rate,
  getTimeout: rate,
  getReset: rate,
  failed: rate,
  contentBlocked: rate,
  corruptImage: rate,
  truncatedImage: rate,
  slowImageSeconds: z.number().min(0).max(600),
  imageReset: rate,
  burst429: rate,
})
export type DemoFaults = z.infer<typeof DemoFaultsSchema>

const DemoStateSchema = z.object({ demoMode: z.boolean(), faults: DemoFaultsSchema.nullable() })

export const demoContracts = {
  'demo.faults': { input: z.object({}).strict(), output: DemoStateSchema },
  /** Only in demo mode; applies at once to new requests, and is saved in the library for the next start. */
  'demo.setFaults': { input: DemoFaultsSchema.partial(), output: DemoStateSchema },
} as const
