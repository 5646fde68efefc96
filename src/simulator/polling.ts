import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RateHeaders, SimContext } from './context'
import { completedResultBody, failedBody, pendingResultBody, statusBody } from './bodies'
import { draw, drawGetFault, pick } from './faults'
import { sendJson } from './http-util'

/**
 * Applies a drawn GET fault. Returns true when the request has been dealt with (dropped, held, or answered 5xx).
 * A held request is simply never answered: the socket stays open until the client gives up or stop() runs.
 */
function getFault(ctx: SimContext, req: IncomingMessage, res: ServerResponse, headers: RateHeaders): boolean {
  const fault = drawGetFault(ctx.random(), ctx.settings.faults)
  if (fault === null) return false
  if (fault === 'reset') req.socket.destroy()
  else if (fault === '5xx') {
    const e = pick(ctx.random(), [
      { status: 500, error: 'Internal Server Error' },
      { status: 502, error: 'Bad Gateway' },
      { status: 504, error: 'Gateway Timeout' },
    ])
    sendJson(res, e.status, { error: e.error }, headers)
  }
  return true
}

function noteDetected(ctx: SimContext, id: string, status: string): void {
  if (status === 'COMPLETED' && !ctx.counters.detectedAt.has(id)) ctx.counters.detectedAt.set(id, ctx.now())
}

function notFound(res: ServerResponse, id: string, headers: RateHeaders): void {
  sendJson(res, 404, { error: `Request ${id.slice(0, 100)} not found` }, headers)
}

/** E3 and E5 (same body, [U] for E5): 200 while waiting/running/done, 422 when FAILED. */
export function handleStatus(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  headers: RateHeaders,
): void {
  if (getFault(ctx, req, res, headers)) return
  const job = ctx.jobs.get(id)
  if (!job || draw(ctx.random(), ctx.settings.faults.status404)) return notFound(res, id, headers)
  noteDetected(ctx, id, job.status)
  sendJson(res, job.status === 'FAILED' ? 422 : 200, statusBody(ctx.base(), job, ctx.settings.includeMetrics), headers)
}

/** E4: the result body when COMPLETED, 422 when FAILED, and before that whatever resultBeforeDone says ([U]). */
export async function handleResult(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  headers: RateHeaders,
): Promise<void> {
  if (getFault(ctx, req, res, headers)) return
  const job = ctx.jobs.get(id)
  if (!job || draw(ctx.random(), ctx.settings.faults.result404)) return notFound(res, id, headers)
  const { includeMetrics, resultVariant, resultBeforeDone } = ctx.settings
  if (job.status === 'FAILED') return sendJson(res, 422, failedBody(job, includeMetrics, true), headers)
  if (job.status !== 'COMPLETED') {
    if (resultBeforeDone === '404') return notFound(res, id, headers)
    return sendJson(res, 200, pendingResultBody(ctx.base(), job, includeMetrics), headers)
  }
  noteDetected(ctx, id, job.status)
  const imageBytes = resultVariant === 'images' ? (await ctx.images.bytes(job.image.id))?.length : undefined
  const opts =
    imageBytes === undefined
      ? { variant: resultVariant, includeMetrics }
      : { variant: resultVariant, includeMetrics, imageBytes }
  sendJson(res, 200, completedResultBody(ctx.base(), job, opts), headers)
}

/** E6: the balance; a GET on the account, not a model run. */
export function handleCredits(ctx: SimContext, res: ServerResponse, headers: RateHeaders): void {
  sendJson(res, 200, { credits: ctx.settings.credits, 'free-credits': 0 }, headers)
}
