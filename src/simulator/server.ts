import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { MODEL_SLUG } from '@shared/catalog'
import { scaledMs, type RateHeaders, type SimContext } from './context'
import { draw } from './faults'
import { handleSubmit, handleSync } from './generation'
import { BodyTooLarge, header, isJsonContentType, readBody, sendJson, sendMethodNotAllowed } from './http-util'
import { serveImage } from './image-host'
import { handleCredits, handleResult, handleStatus } from './polling'
import { matchRoute, type Route } from './routes'

const KEY_SHAPE = /^SG_[0-9a-f]{16}$/i

/** The one request listener: route, then (for API paths) key, rate budget, body, endpoint. */
export function createRequestListener(ctx: SimContext): RequestListener {
  return (req, res) => {
    handle(ctx, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal Server Error' })
      else res.destroy(err instanceof Error ? err : undefined)
    })
  }
}

async function handle(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET'
  const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
  const route = matchRoute(method, pathname)
  if (route.kind === 'not_found') {
    ctx.counters.requests.other++
    return sendJson(res, 404, { error: `Not found: ${method} ${pathname.slice(0, 200)}` })
  }
  if (route.kind === 'method_not_allowed') {
    ctx.counters.requests.other++
    return sendMethodNotAllowed(res)
  }
  if (route.kind === 'image') {
    ctx.counters.requests.image++
    return serveImage(ctx, req, res, route.id, route.ext)
  }
  ctx.counters.requests[route.kind]++
  const rateHeaders = admit(ctx, req, res, route)
  if (!rateHeaders) return

  switch (route.kind) {
    case 'status':
    case 'poll_v1':
      return handleStatus(ctx, req, res, route.id, rateHeaders)
    case 'result':
      return handleResult(ctx, req, res, route.id, rateHeaders)
    case 'credits':
      return handleCredits(ctx, res, rateHeaders)
    case 'submit':
    case 'sync': {
      if (route.model !== MODEL_SLUG)
        return sendJson(res, 404, { error: `Model not found: ${route.model.slice(0, 100)}` }, rateHeaders)
      if (!isJsonContentType(header(req, 'content-type')))
        return sendJson(res, 406, { error: 'Invalid content type' }, rateHeaders)
      const body = await readJson(req, res, rateHeaders)
      if (body === NO_BODY) return
      return route.kind === 'submit'
        ? handleSubmit(ctx, res, body, rateHeaders)
        : handleSync(ctx, res, body, rateHeaders)
    }
  }
}

const NO_BODY = Symbol('no body')

async function readJson(req: IncomingMessage, res: ServerResponse, headers: RateHeaders): Promise<unknown> {
  let text: string
  try {
    text = await readBody(req)
  } catch (err) {
    if (err instanceof BodyTooLarge) sendJson(res, 400, { error: 'Request body is too large' }, headers)
    else res.destroy()
    return NO_BODY
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    sendJson(res, 400, { error: 'Invalid JSON in request body' }, headers)
    return NO_BODY
  }
}

function keyIsValid(ctx: SimContext, key: string): boolean {
  return ctx.settings.apiKeys.includes(key) || (ctx.settings.acceptAnyKey && KEY_SHAPE.test(key))
}

/**
 * Key check, then the rate budget. Answers 401/429 itself and returns null; otherwise returns the rate headers
 * to send with the answer. Only the key header counts: `Authorization: Bearer` is not read (401 as on Segmind).
 */
function admit(ctx: SimContext, req: IncomingMessage, res: ServerResponse, route: Route): RateHeaders | null {
  const key = header(req, 'x-api-key')
  if (!key) {
    sendJson(res, 401, { error: 'Missing Authorization or x-api-key in header' })
    return null
  }
  if (!keyIsValid(ctx, key)) {
    sendJson(res, 401, { error: 'Unauthorized. API key is invalid or may have expired...' })
    return null
  }
  const { rpm, getsCount, rateWindowSeconds, faults } = ctx.settings
  // [U] Whether GETs count is unknown; the credits GET follows the same switch as status/result polls.
  const counts = route.kind === 'submit' || route.kind === 'sync' || getsCount
  const windowMs = scaledMs(ctx, rateWindowSeconds)
  const now = ctx.now()
  if (!counts) {
    if (rpm <= 0) return {}
    const peek = ctx.rate.peek(key, now, rpm, windowMs)
    return rateHeaders(peek.remaining, peek.resetAt)
  }
  // burst429 only hits requests that count, so getsCount=false keeps polls entirely unlimited.
  if (draw(ctx.random(), faults.burst429)) {
    const resetAt = rpm > 0 ? ctx.rate.peek(key, now, rpm, windowMs).resetAt : now + windowMs
    tooMany(ctx, res, resetAt, 'Too many requests in a burst')
    return null
  }
  const decision = ctx.rate.take(key, now, rpm, windowMs)
  if (!decision.allowed) {
    tooMany(ctx, res, decision.resetAt, `Rate limit of ${rpm} requests per minute exceeded`)
    return null
  }
  return rpm > 0 ? rateHeaders(decision.remaining, decision.resetAt) : {}
}

function rateHeaders(remaining: number, resetAt: number): RateHeaders {
  return { 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset-at-utc': new Date(resetAt).toISOString() }
}

/** 429 with the reset time and deliberately no Retry-After (docs/segmind-api.md §7). */
function tooMany(ctx: SimContext, res: ServerResponse, resetAt: number, why: string): void {
  ctx.counters.rateLimited++
  const reset = new Date(resetAt).toISOString()
  sendJson(
    res,
    429,
    { error: 'rate_limit_exceeded', message: `${why}; the window resets at ${reset}` },
    rateHeaders(0, resetAt),
  )
}
