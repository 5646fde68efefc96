import { z } from 'zod'

/**
 * Every knob of the Segmind simulator (docs/segmind-api.md §10). One schema serves the programmatic API,
 * `npm run sim -- --help` and the CLI flags, so they never drift apart. Times are in real-model seconds and
 * are multiplied by `timeScale` (0.01 makes a 40 s job take 0.4 s).
 */
export const SimulatorSettingsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(0).describe('port on 127.0.0.1 (0 picks a free one)'),
  timeScale: z.number().positive().default(1).describe('multiplies every simulated duration'),
  latencyMeanSeconds: z.number().nonnegative().default(40).describe('mean inference time of one job'),
  latencyJitterSeconds: z.number().nonnegative().default(4).describe('standard deviation of inference time'),
  queueSeconds: z
    .number()
    .nonnegative()
    .default(0.3)
    .describe('time a job waits before a worker picks it up, when one is free'),
  workers: z.number().int().min(1).default(8).describe('jobs processed at once; more wait in QUEUED'),
  rpm: z.number().int().min(0).default(0).describe('requests per minute per key, 0 = unlimited (Segmind plans: 5, 50)'),
  getsCount: z.boolean().default(true).describe('whether status/result GETs count toward rpm'),
  rateWindowSeconds: z.number().positive().default(60).describe('length of the rate window (scaled by timeScale)'),
  credits: z.number().default(1000).describe('starting credit balance'),
  costPerImage: z.number().nonnegative().default(0.2175).describe('cost charged per COMPLETED job'),
  ttlSeconds: z.number().positive().default(3600).describe('records expire this long after submit (404 after)'),
  apiKeys: z.array(z.string()).default(['SG_0000000000000000']).describe('accepted x-api-key values'),
  acceptAnyKey: z.boolean().default(false).describe('accept any key shaped like SG_ + 16 hex'),
  unknownStyle: z.enum(['reject', 'accept']).default('reject').describe('style ids outside the ten: 400 or accept'),
  invalidBody: z
    .enum(['reject', 'fail_later'])
    .default('reject')
    .describe('bad params: 400 at submit, or 200 then FAILED'),
  resultVariant: z
    .enum(['url', 'json_string', 'array', 'images', 'object'])
    .default('url')
    .describe('shape of `output` in the result body ([U] variants)'),
  includeMetrics: z.boolean().default(true).describe('include metrics in status/result bodies'),
  resultBeforeDone: z.enum(['status_body', '404']).default('status_body').describe('what E4 answers before COMPLETED'),
  imageFormat: z.enum(['jpeg', 'png', 'webp']).default('jpeg').describe('format of generated images'),
  imageScale: z
    .number()
    .positive()
    .max(1)
    .default(1)
    .describe('render images at this fraction of the requested size (tests use small)'),
  imageRender: z
    .enum(['drawn', 'stamped'])
    .default('drawn')
    .describe(
      'drawn: every image rendered; stamped: one drawing per style and size, a per-job comment (cheap, for benches)',
    ),
  sendSeedHeader: z.boolean().default(true).describe('send x-seed-value on v1 responses'),
  faults: z
    .object({
      submit5xxBefore: z.number().min(0).max(1).default(0).describe('submit answers 5xx and creates no job'),
      submit5xxAfter: z.number().min(0).max(1).default(0).describe('submit creates the job, then answers 5xx'),
      get5xx: z.number().min(0).max(1).default(0).describe('status/result answer 500/502/504'),
      getTimeout: z.number().min(0).max(1).default(0).describe('status/result hang until the client gives up'),
      getReset: z.number().min(0).max(1).default(0).describe('status/result drop the connection'),
      failed: z.number().min(0).max(1).default(0).describe('job ends FAILED (422) with a generic reason'),
      contentBlocked: z.number().min(0).max(1).default(0).describe('job ends FAILED with a content-policy reason'),
      corruptImage: z.number().min(0).max(1).default(0).describe('image body is not an image'),
      truncatedImage: z.number().min(0).max(1).default(0).describe('image body is cut short'),
      slowImageSeconds: z.number().min(0).default(0).describe('image bodies trickle over this many seconds'),
      imageReset: z.number().min(0).max(1).default(0).describe('image download drops the connection'),
      burst429: z.number().min(0).max(1).default(0).describe('extra chance of a 429 on any request'),
      status404: z
        .number()
        .min(0)
        .max(1)
        .default(0)
        .describe('status answers 404 for a job it knows (a request not yet visible on every node)'),
      result404: z.number().min(0).max(1).default(0).describe('result answers 404 for a job it knows'),
      outageAtSeconds: z
        .number()
        .min(0)
        .default(0)
        .describe('0 = never; else close the listening socket and every connection this long after start'),
      outageSeconds: z
        .number()
        .min(0)
        .default(0)
        .describe('how long the outage lasts before listening again on the same port'),
    })
    .default({
      submit5xxBefore: 0,
      submit5xxAfter: 0,
      get5xx: 0,
      getTimeout: 0,
      getReset: 0,
      failed: 0,
      contentBlocked: 0,
      corruptImage: 0,
      truncatedImage: 0,
      slowImageSeconds: 0,
      imageReset: 0,
      burst429: 0,
      status404: 0,
      result404: 0,
      outageAtSeconds: 0,
      outageSeconds: 0,
    }),
  seed: z.number().int().default(1).describe('seed of the fault-injection random stream'),
})

export type SimulatorSettings = z.infer<typeof SimulatorSettingsSchema>
export type SimulatorSettingsInput = z.input<typeof SimulatorSettingsSchema>

/** What the simulator saw, so tests can prove nothing was submitted twice. */
export interface SimulatorCounters {
  requests: {
    submit: number
    status: number
    result: number
    poll_v1: number
    sync: number
    credits: number
    image: number
    other: number
  }
  /** Jobs created, keyed by `prompt|style_id|seed` (seed 'none' when absent). */
  submitsByKey: Map<string, number>
  rateLimited: number
  completed: number
  failed: number
  /** Per request id: when the job completed on the server (epoch ms), for detection-lag measurement. */
  completedAt: Map<string, number>
  /**
   * Per request id: when a client first received an answer (status or result) showing the job COMPLETED, epoch ms.
   * detectedAt - completedAt is the client's detection lag, measured where no client can flatter it.
   */
  detectedAt: Map<string, number>
}

export interface SimulatorHandle {
  /** http://127.0.0.1:PORT */
  url: string
  port: number
  settings: SimulatorSettings
  counters: SimulatorCounters
  /** Change settings while running (fault rates, rpm, credits...). */
  update(patch: Partial<Omit<SimulatorSettings, 'faults'>> & { faults?: Partial<SimulatorSettings['faults']> }): void
  resetCounters(): void
  /**
   * An outage as a client sees one: the listening socket closes and every open connection is dropped, so new
   * connections are refused (ECONNREFUSED) and requests in flight fail. Jobs keep running meanwhile.
   */
  goOffline(): Promise<void>
  /** Ends an outage: listens again on the same port. */
  goOnline(): Promise<void>
  /** Whether the simulator is listening (false during an outage and after stop). */
  readonly online: boolean
  stop(): Promise<void>
}
