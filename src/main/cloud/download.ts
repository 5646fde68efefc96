/**
 * Fetching image bytes: the generated image from its public URL, and the body of the v1 sync call. Every hop
 * is re-checked (scheme, key only to the API's own origin), the size cap holds while streaming, a short body is
 * caught against Content-Length, and the bytes must really be a JPEG, PNG or WebP.
 */
import { AppError, type AppErrorData } from '@shared/errors'
import { classifyHttpError } from './classify'
import { toNonNegativeInt, headerValue } from './headers'
import { exchange, isAllowedScheme, readCapped, readTextPrefix, type HttpContext, type Response } from './http'
import { sniffImage } from './image-bytes'
import type { CallOptions, DownloadedImage } from './types'

export interface DownloadLimits {
  maxImageBytes: number
  maxRedirects: number
  timeoutMs: number
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const ERROR_BODY_BYTES = 16 * 1024

function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 0)} MiB`
}

function downloadError(message: string, retryable: boolean, extra: Partial<AppErrorData> = {}): AppError {
  return new AppError({ kind: 'download', message, retryable, ...extra })
}

/** Where the image bytes came from decides the wording and whether a job is known to exist (sync: billed). */
export type ImageSource = 'download' | 'sync'

function failure(source: ImageSource, data: AppErrorData): AppError {
  return new AppError(source === 'sync' ? { ...data, jobCreated: 'yes' } : data)
}

/**
 * Reads an image body from a 2xx response: Content-Length above the cap is refused before reading, the cap is
 * enforced while streaming, and a body shorter than its Content-Length is a truncation (worth retrying).
 */
export async function readImageBody(
  res: Response,
  source: ImageSource,
  maxBytes: number,
): Promise<{ bytes: Buffer } & Pick<DownloadedImage, 'mime' | 'ext'>> {
  const status = res.statusCode
  const tooBig = (): AppError =>
    failure(source, {
      kind: 'download',
      status,
      retryable: false,
      message: `The image is larger than the ${mib(maxBytes)} limit; it was not saved.`,
    })
  const declared = toNonNegativeInt(headerValue(res.headers, 'content-length'))
  if (declared !== undefined && declared > maxBytes) throw tooBig()
  const bytes = await readCapped(res.body, maxBytes, tooBig)
  if (declared !== undefined && bytes.length !== declared) {
    throw failure(source, {
      kind: 'download',
      status,
      retryable: source === 'download',
      message: 'The image arrived cut short; it will be downloaded again.',
      detail: `received ${bytes.length} of ${declared} bytes`,
    })
  }
  const kind = sniffImage(bytes)
  if (!kind) {
    const message =
      source === 'sync'
        ? "Segmind's synchronous answer was not an image; the job may have been billed."
        : 'The downloaded file is not a JPEG, PNG or WebP image; it will be downloaded again.'
    throw failure(source, {
      kind: source === 'sync' ? 'bad_response' : 'download',
      status,
      retryable: source === 'download',
      message,
      detail:
        bytes.length === 0 ? 'empty body' : `${bytes.length} bytes, starting ${bytes.subarray(0, 4).toString('hex')}`,
    })
  }
  return { bytes, ...kind }
}

function checkHop(ctx: HttpContext, raw: string | URL): URL {
  let url: URL
  try {
    url = typeof raw === 'string' ? new URL(raw) : raw
  } catch {
    throw downloadError('The image address is not a valid URL.', false)
  }
  if (!isAllowedScheme(ctx, url)) {
    throw downloadError(
      `The image address uses ${url.protocol.replace(':', '')}, which is not allowed; only https is accepted.`,
      false,
    )
  }
  return url
}

type Hop = { redirect: URL } | { image: DownloadedImage }

export async function downloadImage(
  ctx: HttpContext,
  limits: DownloadLimits,
  rawUrl: string,
  opts: CallOptions = {},
): Promise<DownloadedImage> {
  let url = checkHop(ctx, rawUrl)
  for (let hops = 0; ; hops++) {
    const current = url
    const hop = await exchange<Hop>(
      ctx,
      {
        endpoint: 'download',
        method: 'GET',
        url: current,
        accept: 'image/jpeg, image/png, image/webp, */*;q=0.5',
        headersTimeoutMs: limits.timeoutMs,
        bodyTimeoutMs: limits.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      async (res) => {
        if (REDIRECTS.has(res.statusCode)) {
          const location = headerValue(res.headers, 'location')
          await res.body.dump()
          if (!location)
            throw downloadError('The image server redirected without saying where.', false, { status: res.statusCode })
          try {
            return { redirect: new URL(location, current) }
          } catch {
            throw downloadError('The image server redirected to an invalid address.', false, { status: res.statusCode })
          }
        }
        if (res.statusCode < 200 || res.statusCode > 299) {
          const bodyText = await readTextPrefix(res.body, ERROR_BODY_BYTES)
          throw classifyHttpError({
            endpoint: 'download',
            status: res.statusCode,
            bodyText,
            headers: res.headers,
            secrets: [ctx.apiKey],
            now: ctx.now(),
          })
        }
        const { bytes, mime, ext } = await readImageBody(res, 'download', limits.maxImageBytes)
        return { image: { bytes, mime, ext } }
      },
    )
    if ('image' in hop) return hop.image
    if (hops >= limits.maxRedirects)
      throw downloadError(`The image server redirected more than ${limits.maxRedirects} times.`, false)
    url = checkHop(ctx, hop.redirect)
  }
}
