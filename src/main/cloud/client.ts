/**
 * The Segmind client the scheduler talks to (SegmindApi in ./types). v2 async is the main road: submit, then
 * follow the status_url / response_url the server returned (never rebuilt), then download the image. v1 sync
 * and the credit balance are side roads. Every failure is an AppError; the key never leaves the API's origin.
 */
import { Agent } from 'undici'
import { MODEL_SLUG } from '@shared/catalog/model'
import type { SoulParams } from '@shared/domain/params'
import { AppError, redactSecrets, redactSecretsDeep } from '@shared/errors'
import { APP_VERSION } from '@shared/version'
import { classifyHttpError } from './classify'
import { downloadImage, readImageBody } from './download'
import { parseHeaderFacts, parseRateInfo } from './headers'
import {
  exchange,
  isAllowedScheme,
  isApiOrigin,
  isLoopbackHost,
  readCapped,
  readTextPrefix,
  requestIdFromUrl,
  type HttpContext,
  type Response,
} from './http'
import {
  badResponse,
  parseCreditsBody,
  parseFailedBody,
  parseJsonText,
  parseResultBody,
  parseStatusBody,
  parseSubmitBody,
} from './parse'
import type { CallOptions, ClientOptions, Endpoint, ResultAnswer, SegmindApi, StatusAnswer, SyncAnswer } from './types'

export const USER_AGENT = `SoulBatch/${APP_VERSION} (+electron)`
const DEFAULTS = { timeoutMs: 30_000, syncTimeoutMs: 180_000, maxImageBytes: 50 * 1024 * 1024, maxRedirects: 3 }
/** JSON answers are small; anything past this is not a Segmind body. */
const MAX_JSON_BYTES = 2 * 1024 * 1024
const JSON_ACCEPT = 'application/json'

function invalidOption(message: string): AppError {
  return new AppError({ kind: 'validation', message })
}

/**
 * The base URL as the API root: trailing slashes and a trailing /v1 or /v2 (the Python SDK's base ends in /v1)
 * are dropped, so `https://api.segmind.com/v1` and `https://api.segmind.com/` both work.
 */
export function normalizeBaseUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw invalidOption('The API base URL is not a valid URL; use something like https://api.segmind.com.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidOption('The API base URL must start with https:// (or http:// for a local simulator).')
  }
  if (url.username || url.password) throw invalidOption('The API base URL must not contain a user name or password.')
  // The key travels in a header on every call: over plain http only where it cannot leave this machine.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw invalidOption(
      'SEGMIND_BASE_URL must use https (plain http is only allowed for a local simulator or proxy on 127.0.0.1, localhost or [::1]).',
    )
  }
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/v\d+$/, '')
  url.search = ''
  url.hash = ''
  return url
}

function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback
  if (!Number.isFinite(v) || v <= 0) throw invalidOption(`The client option ${name} must be a positive number.`)
  return v
}

function withSignal(opts: CallOptions | undefined): { signal?: AbortSignal } {
  return opts?.signal ? { signal: opts.signal } : {}
}

export function createSegmindClient(opts: ClientOptions): SegmindApi {
  const base = normalizeBaseUrl(opts.baseUrl)
  const apiKey = typeof opts.apiKey === 'string' ? opts.apiKey.trim() : ''
  const model = encodeURIComponent(opts.model ?? MODEL_SLUG)
  const timeoutMs = positive('timeoutMs', opts.timeoutMs, DEFAULTS.timeoutMs)
  const syncTimeoutMs = positive('syncTimeoutMs', opts.syncTimeoutMs, DEFAULTS.syncTimeoutMs)
  const maxImageBytes = positive('maxImageBytes', opts.maxImageBytes, DEFAULTS.maxImageBytes)
  const maxRedirects =
    opts.maxRedirects === undefined ? DEFAULTS.maxRedirects : Math.max(0, Math.floor(opts.maxRedirects))
  const agent = new Agent({ keepAliveTimeout: 10_000, connect: { timeout: Math.min(timeoutMs, 10_000) } })
  const ctx: HttpContext = {
    dispatcher: agent,
    apiKey,
    base,
    userAgent: USER_AGENT,
    now: Date.now,
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  }
  const secrets = [apiKey]
  let closed = false

  const apiUrl = (path: string): URL => {
    const u = new URL(base.href)
    u.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`
    return u
  }

  function ensureOpen(endpoint: Endpoint): void {
    if (!closed) return
    throw new AppError({
      kind: 'internal',
      message: 'The Segmind client was closed; restart the queue.',
      ...(endpoint === 'submit' || endpoint === 'sync' ? { jobCreated: 'no' as const } : {}),
    })
  }

  /**
   * status_url / response_url come from the server; following them must not leak the key to another host or
   * over plain http, so they are held to the API's own origin.
   */
  function serverUrl(raw: string, endpoint: Endpoint): URL {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw badResponse(endpoint, 'the URL to follow is not valid')
    }
    if (!isAllowedScheme(ctx, url) || !isApiOrigin(ctx, url)) {
      throw badResponse(
        endpoint,
        `refusing to send the API key to ${url.protocol}//${url.host}, which is not the API host`,
      )
    }
    return url
  }

  function httpError(endpoint: Endpoint, res: Response, bodyText: string, requestId?: string): AppError {
    return classifyHttpError({
      endpoint,
      status: res.statusCode,
      bodyText,
      headers: res.headers,
      secrets,
      now: Date.now(),
      ...(requestId !== undefined ? { requestId } : {}),
    })
  }

  async function readJson(endpoint: Endpoint, res: Response): Promise<unknown> {
    const bytes = await readCapped(res.body, MAX_JSON_BYTES, () =>
      badResponse(endpoint, 'body is too large', res.statusCode),
    )
    const text = bytes.toString('utf8')
    // Server text can end up in saved failure reasons: scrub the key before anything is cut or stored, and again
    // after parsing, since a \u-escaped key only turns back into the key inside JSON.parse.
    return redactSecretsDeep(parseJsonText(redactSecrets(text, secrets), endpoint), secrets)
  }

  /** A body for a parser that takes text: JSON is scrubbed string by string (escapes decoded), else as text. */
  function scrubbedBodyText(text: string): string {
    const scrubbed = redactSecrets(text, secrets)
    try {
      return JSON.stringify(redactSecretsDeep(JSON.parse(scrubbed) as unknown, secrets))
    } catch {
      return scrubbed
    }
  }

  function redactAnswer<T extends { error?: string }>(answer: T): T {
    if (answer.error !== undefined) answer.error = redactSecrets(answer.error, secrets)
    return answer
  }

  /** E3 and E4 share their reading: 2xx parses, 422 is the job's FAILED verdict, anything else is an error. */
  async function followJobUrl<T extends StatusAnswer | ResultAnswer>(
    endpoint: 'status' | 'result',
    raw: string,
    parse: (body: unknown, headers: unknown, now: number) => T,
    opts?: CallOptions,
  ): Promise<T> {
    ensureOpen(endpoint)
    const url = serverUrl(raw, endpoint)
    const requestId = requestIdFromUrl(url, secrets)
    return exchange(
      ctx,
      {
        endpoint,
        method: 'GET',
        url,
        accept: JSON_ACCEPT,
        headersTimeoutMs: timeoutMs,
        bodyTimeoutMs: timeoutMs,
        ...withSignal(opts),
        ...(requestId !== undefined ? { requestId } : {}),
      },
      async (res) => {
        if (res.statusCode === 422) {
          const text = scrubbedBodyText(await readTextPrefix(res.body, MAX_JSON_BYTES))
          const failed = parseFailedBody(text, res.headers, Date.now())
          return redactAnswer(failed as T)
        }
        if (res.statusCode < 200 || res.statusCode > 299) {
          throw httpError(endpoint, res, await readTextPrefix(res.body, MAX_JSON_BYTES), requestId)
        }
        return redactAnswer(parse(await readJson(endpoint, res), res.headers, Date.now()))
      },
    )
  }

  return {
    async submit(params: SoulParams, callOpts?: CallOptions) {
      ensureOpen('submit')
      const body = JSON.stringify(params)
      return exchange(
        ctx,
        {
          endpoint: 'submit',
          method: 'POST',
          url: apiUrl(`/v2/${model}`),
          accept: JSON_ACCEPT,
          body,
          headersTimeoutMs: timeoutMs,
          bodyTimeoutMs: timeoutMs,
          ...withSignal(callOpts),
        },
        async (res) => {
          if (res.statusCode < 200 || res.statusCode > 299)
            throw httpError('submit', res, await readTextPrefix(res.body, MAX_JSON_BYTES))
          try {
            return parseSubmitBody(await readJson('submit', res), res.headers, Date.now())
          } catch (e) {
            // A 2xx means the server took the POST: whatever we failed to read, a job may exist.
            if (e instanceof AppError && e.kind === 'bad_response')
              throw new AppError({ ...e.toJSON(), jobCreated: 'maybe' })
            throw e
          }
        },
      )
    },

    status(statusUrl: string, callOpts?: CallOptions) {
      return followJobUrl('status', statusUrl, parseStatusBody, callOpts)
    },

    result(responseUrl: string, callOpts?: CallOptions) {
      return followJobUrl('result', responseUrl, parseResultBody, callOpts)
    },

    async download(url: string, callOpts?: CallOptions) {
      ensureOpen('download')
      return downloadImage(ctx, { maxImageBytes, maxRedirects, timeoutMs }, url, callOpts)
    },

    async runSync(params: SoulParams, callOpts?: CallOptions): Promise<SyncAnswer> {
      ensureOpen('sync')
      return exchange(
        ctx,
        {
          endpoint: 'sync',
          method: 'POST',
          url: apiUrl(`/v1/${model}`),
          // Not only JSON: the success body is image bytes, and a strict gateway could 406 a JSON-only Accept.
          accept: 'image/jpeg, image/png, image/webp, application/json;q=0.5',
          body: JSON.stringify(params),
          headersTimeoutMs: syncTimeoutMs,
          bodyTimeoutMs: timeoutMs,
          ...withSignal(callOpts),
        },
        async (res) => {
          if (res.statusCode < 200 || res.statusCode > 299)
            throw httpError('sync', res, await readTextPrefix(res.body, MAX_JSON_BYTES))
          const image = await readImageBody(res, 'sync', maxImageBytes)
          const facts = parseHeaderFacts(res.headers)
          const answer: SyncAnswer = { ...image, rate: parseRateInfo(res.headers, Date.now()) }
          if (facts.cost !== undefined) answer.cost = facts.cost
          if (facts.remainingCredits !== undefined) answer.remainingCredits = facts.remainingCredits
          if (facts.seed !== undefined) answer.seed = facts.seed
          if (facts.requestId !== undefined) answer.requestId = facts.requestId
          if (facts.generationSeconds !== undefined) answer.generationSeconds = facts.generationSeconds
          return answer
        },
      )
    },

    async credits(callOpts?: CallOptions) {
      ensureOpen('credits')
      return exchange(
        ctx,
        {
          endpoint: 'credits',
          method: 'GET',
          url: apiUrl('/v1/get-user-credits'),
          accept: JSON_ACCEPT,
          headersTimeoutMs: timeoutMs,
          bodyTimeoutMs: timeoutMs,
          ...withSignal(callOpts),
        },
        async (res) => {
          if (res.statusCode < 200 || res.statusCode > 299)
            throw httpError('credits', res, await readTextPrefix(res.body, MAX_JSON_BYTES))
          return parseCreditsBody(await readJson('credits', res))
        },
      )
    },

    async close() {
      if (closed) return
      closed = true
      await agent.close()
    },
  }
}
