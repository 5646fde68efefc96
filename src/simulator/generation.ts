import type { ServerResponse } from 'node:http'
import type { RateHeaders, SimContext } from './context'
import { draw, pick } from './faults'
import { sendJson } from './http-util'
import { IMAGE_MIME } from './image'
import type { Job } from './jobs'
import { submitBody } from './bodies'
import { validateGenerationBody, type GenerationRequest } from './validate'

/** A 5xx a gateway gives when something broke in front of or behind the model. */
function serverError(ctx: SimContext): { status: number; error: string } {
  return pick(ctx.random(), [
    { status: 500, error: 'Internal Server Error' },
    { status: 502, error: 'Bad Gateway' },
  ])
}

type Admission = { ok: true; job: Job } | { ok: false }

/**
 * What v1 and v2 share before a job exists: the submit5xxBefore fault, validation (400 or 'fail_later'), the
 * credits check (406), then the job. On 'ok: false' the answer has been sent.
 */
function createJob(ctx: SimContext, res: ServerResponse, body: unknown, headers: RateHeaders): Admission {
  const { settings } = ctx
  if (draw(ctx.random(), settings.faults.submit5xxBefore)) {
    sendJson(res, 500, { error: 'Internal Server Error' }, headers)
    return { ok: false }
  }
  const checked = validateGenerationBody(body, { acceptUnknownStyle: settings.unknownStyle === 'accept' })
  let request: GenerationRequest
  let invalidReason: string | undefined
  if (checked.ok) request = checked.request
  else if (settings.invalidBody === 'reject') {
    sendJson(res, 400, { error: checked.message }, headers)
    return { ok: false }
  } else {
    request = checked.partial
    invalidReason = checked.message
  }
  if (settings.credits < settings.costPerImage) {
    sendJson(
      res,
      406,
      { error: `Not enough credits. Balance: ${settings.credits}, required: ${settings.costPerImage}` },
      headers,
    )
    return { ok: false }
  }
  return { ok: true, job: ctx.jobs.create(request, invalidReason) }
}

/** E2: POST /v2/{model} answers at once with the submit body (§3.1). */
export function handleSubmit(ctx: SimContext, res: ServerResponse, body: unknown, headers: RateHeaders): void {
  const created = createJob(ctx, res, body, headers)
  if (!created.ok) return
  // The job exists and will run (and bill) even though the client is told the submit failed.
  if (draw(ctx.random(), ctx.settings.faults.submit5xxAfter)) {
    const e = serverError(ctx)
    return sendJson(res, e.status, { error: e.error }, headers)
  }
  sendJson(res, 200, submitBody(ctx.base(), created.job), headers)
}

/** E1: POST /v1/{model} holds the connection for the whole generation, then sends the image bytes (§4). */
export async function handleSync(
  ctx: SimContext,
  res: ServerResponse,
  body: unknown,
  headers: RateHeaders,
): Promise<void> {
  const created = createJob(ctx, res, body, headers)
  if (!created.ok) return
  const { job } = created
  if (draw(ctx.random(), ctx.settings.faults.submit5xxAfter)) {
    const e = serverError(ctx)
    return sendJson(res, e.status, { error: e.error }, headers)
  }
  await ctx.jobs.waitForEnd(job)
  if (res.destroyed || res.writableEnded) return
  // On v1 a failure inside the model surfaces as a 500 (docs/segmind-api.md §2).
  if (job.status !== 'COMPLETED') return sendJson(res, 500, { error: job.error ?? 'Inference failed' }, headers)
  const bytes = await ctx.images.bytes(job.image.id)
  if (!bytes || res.destroyed) return
  const out: Record<string, string | number> = {
    ...headers,
    'content-type': IMAGE_MIME[job.image.format],
    'content-length': bytes.length,
    'x-request-id': job.id,
    'x-cost': String(job.cost ?? 0),
    'x-remaining-credits': String(job.remainingCredits ?? ctx.settings.credits),
    'x-generation-time': String(((job.finishedAt ?? 0) - (job.startedAt ?? 0)) / 1000),
  }
  if (ctx.settings.sendSeedHeader) out['x-seed-value'] = String(job.seed)
  res.writeHead(200, out)
  res.end(bytes)
}
