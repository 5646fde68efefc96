import { IMAGE_MIME } from './image'
import type { Job } from './jobs'
import type { SimulatorSettings } from './settings'

/** JSON shapes of the v2 API (docs/segmind-api.md §3), built from a job. Pure: URLs come in from the server. */

export interface JobUrls {
  status_url: string
  response_url: string
  poll_url: string
}

export function jobUrls(base: string, id: string): JobUrls {
  return {
    status_url: `${base}/v2/requests/${id}/status`,
    response_url: `${base}/v2/requests/${id}`,
    poll_url: `${base}/v1/requests/${id}`,
  }
}

export function imageUrl(base: string, job: Job): string {
  return `${base}/images/${job.image.id}.${job.image.format}`
}

const seconds = (ms: number): number => Math.round(ms) / 1000

export function submitBody(base: string, job: Job): Record<string, unknown> {
  const urls = jobUrls(base, job.id)
  return {
    request_id: job.id,
    status: 'QUEUED',
    poll_url: urls.poll_url,
    status_url: urls.status_url,
    response_url: urls.response_url,
  }
}

/** Timings in wall-clock seconds of this simulator (scaled), so a client learning from them plans real waits. */
function doneMetrics(job: Job, full: boolean): Record<string, number> {
  const started = job.startedAt ?? job.submittedAt
  const finished = job.finishedAt ?? started
  const m: Record<string, number> = { inference_time: seconds(finished - started) }
  if (full) {
    m.queue_time = seconds(started - job.submittedAt)
    m.total_time = seconds(finished - job.submittedAt)
  }
  return m
}

function withMetrics(
  body: Record<string, unknown>,
  metrics: Record<string, number>,
  include: boolean,
): Record<string, unknown> {
  if (include) body.metrics = metrics
  return body
}

/** E3 / E5: §3.2. The HTTP status to send is 422 for FAILED, 200 otherwise. */
export function statusBody(base: string, job: Job, includeMetrics: boolean): Record<string, unknown> {
  if (job.status === 'QUEUED' || job.status === 'PROCESSING') {
    const urls = jobUrls(base, job.id)
    return withMetrics(
      { status: job.status, request_id: job.id, status_url: urls.status_url, response_url: urls.response_url },
      {},
      includeMetrics,
    )
  }
  if (job.status === 'FAILED') return failedBody(job, includeMetrics, false)
  return withMetrics({ status: 'COMPLETED', request_id: job.id }, doneMetrics(job, false), includeMetrics)
}

/** FAILED on E3 and E4 (HTTP 422): no cost, because a failed job is not billed. */
export function failedBody(job: Job, includeMetrics: boolean, full: boolean): Record<string, unknown> {
  return withMetrics(
    { status: 'FAILED', error: job.error ?? 'Inference failed', request_id: job.id },
    doneMetrics(job, full),
    includeMetrics,
  )
}

/** E4 before COMPLETED in 'status_body' mode ([U]): the status body with an empty output. */
export function pendingResultBody(base: string, job: Job, includeMetrics: boolean): Record<string, unknown> {
  return { ...statusBody(base, job, includeMetrics), output: '' }
}

export type ResultVariant = SimulatorSettings['resultVariant']

/**
 * E4 COMPLETED: §3.3, with `output` in the [U] shape the settings ask for. `imageBytes` is the file size, needed
 * only by the 'images' variant.
 */
export function completedResultBody(
  base: string,
  job: Job,
  opts: { variant: ResultVariant; includeMetrics: boolean; imageBytes?: number },
): Record<string, unknown> {
  const url = imageUrl(base, job)
  const body: Record<string, unknown> = { status: 'COMPLETED', error: null }
  switch (opts.variant) {
    case 'url':
      body.output = url
      break
    case 'json_string':
      // Both stringified shapes occur for other Segmind models; the seed's parity picks one, so tests can ask for each.
      body.output = job.seed % 2 === 0 ? JSON.stringify([url]) : JSON.stringify({ url })
      break
    case 'array':
      body.output = [url]
      break
    case 'object':
      body.output = { url }
      break
    case 'images':
      body.output = ''
      body.images = [
        {
          url,
          content_type: IMAGE_MIME[job.image.format],
          file_name: `${job.image.id}.${job.image.format}`,
          file_size: opts.imageBytes ?? 0,
        },
      ]
      break
  }
  const metrics = doneMetrics(job, true)
  if (job.cost !== undefined) metrics.cost = job.cost
  if (job.remainingCredits !== undefined) metrics.remaining_credits = job.remainingCredits
  withMetrics(body, metrics, opts.includeMetrics)
  body.seed = job.seed
  return body
}
