import type { SoulParams } from '@shared/domain/params'

/**
 * The contract between the scheduler and the Segmind client. Every method either resolves with validated data
 * or rejects with an AppError (src/shared/errors.ts) whose kind says what happened; nothing else is thrown.
 */

export type Endpoint = 'submit' | 'status' | 'result' | 'download' | 'sync' | 'credits'

export interface Metrics {
  inference_time?: number
  queue_time?: number
  total_time?: number
  cost?: number
  remaining_credits?: number
}

/** What every response told us about the rate budget, when the server says anything. */
export interface RateInfo {
  remaining?: number
  /** Epoch ms, from x-rate-limit-reset-at-utc. */
  resetAt?: number
}

export interface Submitted {
  requestId: string
  statusUrl: string
  responseUrl: string
  pollUrl?: string
  rate: RateInfo
}

export type JobStatus = 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED'

export interface StatusAnswer {
  status: JobStatus
  /** For FAILED: the server's reason (422 arrives as a FAILED status, not as a rejection). */
  error?: string
  /** True when a FAILED reason reads like a content / RAI block. */
  contentBlocked?: boolean
  metrics: Metrics
  rate: RateInfo
}

export interface ResultAnswer {
  status: JobStatus
  /** The image URL, from `output` in any of its [U] shapes or from images[0].url; absent before COMPLETED. */
  outputUrl?: string
  error?: string
  contentBlocked?: boolean
  metrics: Metrics
  /** Seed the server reports having used (body `seed` or header x-seed-value), when it says. */
  seed?: number
  rate: RateInfo
}

export interface DownloadedImage {
  bytes: Buffer
  mime: 'image/jpeg' | 'image/png' | 'image/webp'
  ext: 'jpg' | 'png' | 'webp'
}

export interface SyncAnswer extends DownloadedImage {
  cost?: number
  remainingCredits?: number
  seed?: number
  requestId?: string
  generationSeconds?: number
  rate: RateInfo
}

export interface Credits {
  credits: number
  freeCredits: number | null
}

export interface CallOptions {
  signal?: AbortSignal
}

/** Observes every HTTP call the client makes (for counters, the rate limiter and benchmarks). */
export type RequestObserver = (e: { endpoint: Endpoint; status: number | null; ms: number }) => void

export interface SegmindApi {
  submit(params: SoulParams, opts?: CallOptions): Promise<Submitted>
  status(statusUrl: string, opts?: CallOptions): Promise<StatusAnswer>
  result(responseUrl: string, opts?: CallOptions): Promise<ResultAnswer>
  download(url: string, opts?: CallOptions): Promise<DownloadedImage>
  runSync(params: SoulParams, opts?: CallOptions): Promise<SyncAnswer>
  credits(opts?: CallOptions): Promise<Credits>
  close(): Promise<void>
}

export interface ClientOptions {
  apiKey: string
  /** https://api.segmind.com by default; the simulator's http://127.0.0.1:PORT in demo mode and tests. */
  baseUrl: string
  model?: string
  /** Per-request timeout for JSON calls (ms). Default 30 000. */
  timeoutMs?: number
  /** v1 sync timeout (ms); the model takes ~40 s. Default 180 000. */
  syncTimeoutMs?: number
  /** Download size cap in bytes. Default 50 MiB. */
  maxImageBytes?: number
  maxRedirects?: number
  onRequest?: RequestObserver
}
