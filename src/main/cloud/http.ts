/**
 * One HTTP exchange on undici: send, let the caller consume the response, report the call to the observer once,
 * and turn every transport failure into a typed AppError. The API key goes only to the API's own host.
 */
import { performance } from 'node:perf_hooks'
import { request, type Dispatcher } from 'undici'
import { AppError, redactSecrets } from '@shared/errors'
import { classifyTransportError } from './classify'
import type { Endpoint, RequestObserver } from './types'

export interface HttpContext {
  dispatcher: Dispatcher
  apiKey: string
  /** The configured API base; decides where the key may go and which plain-http URLs are allowed. */
  base: URL
  userAgent: string
  onRequest?: RequestObserver
  now: () => number
}

export interface ExchangeSpec {
  endpoint: Endpoint
  method: 'GET' | 'POST'
  url: URL
  accept: string
  body?: string
  headersTimeoutMs: number
  bodyTimeoutMs: number
  signal?: AbortSignal
  requestId?: string
}

export type Response = Dispatcher.ResponseData

/** Same scheme, host and port as the API base: the only place the key is sent. */
export function isApiOrigin(ctx: Pick<HttpContext, 'base'>, url: URL): boolean {
  return url.origin === ctx.base.origin
}

/** Host names that never leave this machine: the only places plain http may go (a simulator or a local proxy). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase()
  return h === '127.0.0.1' || h === 'localhost' || h === '[::1]'
}

/**
 * https anywhere; plain http only to loopback, and only when the API itself is plain http (the simulator), so a
 * download from the network never travels in clear text.
 */
export function isAllowedScheme(ctx: Pick<HttpContext, 'base'>, url: URL): boolean {
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && ctx.base.protocol === 'http:' && isLoopbackHost(url.hostname)
}

export function cancelledBeforeSend(spec: Pick<ExchangeSpec, 'endpoint' | 'requestId'>): AppError {
  const post = spec.endpoint === 'submit' || spec.endpoint === 'sync'
  return new AppError({
    kind: 'cancelled',
    message: 'The call to Segmind was cancelled.',
    retryable: false,
    ...(post ? { jobCreated: 'no' as const } : {}),
    ...(spec.requestId !== undefined ? { requestId: spec.requestId } : {}),
  })
}

function observe(ctx: HttpContext, endpoint: Endpoint, status: number | null, ms: number): void {
  if (!ctx.onRequest) return
  try {
    ctx.onRequest({ endpoint, status, ms })
  } catch {
    // An observer is a bystander: its failure must not fail the call it watches.
  }
}

export async function exchange<T>(
  ctx: HttpContext,
  spec: ExchangeSpec,
  consume: (res: Response) => Promise<T>,
): Promise<T> {
  if (spec.signal?.aborted) throw cancelledBeforeSend(spec)
  const headers: Record<string, string> = { 'user-agent': ctx.userAgent, accept: spec.accept }
  if (spec.body !== undefined) headers['content-type'] = 'application/json'
  if (ctx.apiKey !== '' && isApiOrigin(ctx, spec.url)) headers['x-api-key'] = ctx.apiKey
  const started = performance.now()
  let status: number | null = null
  try {
    const res = await request(spec.url, {
      dispatcher: ctx.dispatcher,
      method: spec.method,
      headers,
      body: spec.body ?? null,
      headersTimeout: spec.headersTimeoutMs,
      bodyTimeout: spec.bodyTimeoutMs,
      signal: spec.signal ?? null,
    })
    status = res.statusCode
    try {
      return await consume(res)
    } finally {
      // Unread bytes would keep the socket busy; a consumed body makes this a no-op. Destroying emits an
      // 'error' (RequestAbortedError) that nobody else listens to, so it is swallowed here on purpose.
      if (!res.body.readableEnded && !res.body.destroyed) {
        res.body.on('error', () => {})
        res.body.destroy()
      }
    }
  } catch (e) {
    throw classifyTransportError({
      endpoint: spec.endpoint,
      error: e,
      aborted: spec.signal?.aborted ?? false,
      secrets: [ctx.apiKey],
      ...(spec.requestId !== undefined ? { requestId: spec.requestId } : {}),
    })
  } finally {
    observe(ctx, spec.endpoint, status, performance.now() - started)
  }
}

/** Reads a body fully, failing with `tooBig()` as soon as it passes `maxBytes` (never buffering past it). */
export async function readCapped(
  body: AsyncIterable<unknown>,
  maxBytes: number,
  tooBig: () => AppError,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array)
    total += buf.length
    if (total > maxBytes) throw tooBig()
    chunks.push(buf)
  }
  return Buffer.concat(chunks, total)
}

/** Reads an error or JSON body as text, keeping only the first `maxBytes` (enough for any reason Segmind gives). */
export async function readTextPrefix(body: AsyncIterable<unknown>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array)
    chunks.push(buf)
    total += buf.length
    if (total >= maxBytes) break
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8')
}

/**
 * The request id inside a status/result URL. The URL came from the server, and decoding can turn an escaped key
 * back into the key itself, so the id is scrubbed after decoding and before it is cut short.
 */
export function requestIdFromUrl(url: URL, secrets: readonly string[]): string | undefined {
  const m = /\/requests\/([^/?#]+)/.exec(url.pathname)
  if (!m?.[1]) return undefined
  let id: string
  try {
    id = decodeURIComponent(m[1])
  } catch {
    id = m[1]
  }
  return redactSecrets(id, secrets).slice(0, 200)
}
