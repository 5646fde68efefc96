/**
 * One HTTP exchange on undici: send, let the caller consume the response, report the call to the observer once,
 * and turn every transport failure into a typed AppError. The API key goes only to the API's own host.
 */
import { performance } from 'node:perf_hooks'
import { Readable } from 'node:stream'
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

/**
 * Hands each chunk of a body to `take` until it returns false (enough read) or the body ends; rejects with the
 * stream's error (an abort, a body timeout, a cut connection) or with what `take` throws.
 *
 * Why not `for await`: a stream's async iterator builds an end-of-stream watcher, an async resource and a promise
 * per chunk. At 100+ requests in flight those objects outlive two young-generation GCs, get promoted and fill the
 * old generation (a sampling heap profile of the 10 000-cell bench put ~15% of the host's promoted bytes there),
 * and the GC's helper threads that clean it up take the cores the event loop needs. Plain 'data' listeners cost
 * none of that. Bodies that are not streams (any other async iterable) still go through `for await`.
 */
async function readChunks(body: AsyncIterable<unknown>, take: (chunk: Buffer) => boolean): Promise<void> {
  const asBuffer = (chunk: unknown): Buffer => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array))
  if (!(body instanceof Readable)) {
    for await (const chunk of body) if (!take(asBuffer(chunk))) return
    return
  }
  const stream = body
  if (stream.errored) throw stream.errored
  if (stream.readableEnded) return
  // Destroyed without an error (and maybe closed already): no event would ever come.
  if (stream.destroyed) throw prematureClose()
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: unknown): void => {
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.off('error', onError)
      stream.off('close', onClose)
      // Stop the flow; whoever owns the stream (exchange's finally) destroys what is left of it.
      stream.pause()
      if (error === undefined) resolve()
      else reject(error)
    }
    const onData = (chunk: unknown): void => {
      try {
        if (!take(asBuffer(chunk))) settle()
      } catch (e) {
        settle(e)
      }
    }
    const onEnd = (): void => settle()
    const onError = (e: unknown): void => settle(e)
    // Closed with neither an end nor an error: cut short, as `for await` would report it.
    const onClose = (): void => settle(stream.errored ?? prematureClose())
    stream.on('data', onData)
    stream.once('end', onEnd)
    stream.once('error', onError)
    stream.once('close', onClose)
    // A 'data' listener does not restart a stream paused before (a second read after `settle` paused it).
    stream.resume()
  })
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
}

/** Reads a body fully, failing with `tooBig()` as soon as it passes `maxBytes` (never buffering past it). */
export async function readCapped(
  body: AsyncIterable<unknown>,
  maxBytes: number,
  tooBig: () => AppError,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  await readChunks(body, (buf) => {
    total += buf.length
    if (total > maxBytes) throw tooBig()
    chunks.push(buf)
    return true
  })
  return Buffer.concat(chunks, total)
}

/** Reads an error or JSON body as text, keeping only the first `maxBytes` (enough for any reason Segmind gives). */
export async function readTextPrefix(body: AsyncIterable<unknown>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  await readChunks(body, (buf) => {
    chunks.push(buf)
    total += buf.length
    return total < maxBytes
  })
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
