import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { AppError, type AppErrorKind } from '@shared/errors'
import type { Core, Logger } from '../core-types'
import { exportFile, exportHeaders } from './export-file'
import { containedFile, contentTypeFor, isPlausibleImageId, parseImageVariant } from './contained-file'
import { callResultJson, dispatch } from './dispatch'
import { attachEventSocket } from './event-socket'
import {
  checkTokenShape,
  contentSecurityPolicy,
  hasSession,
  isAllowedHost,
  isAllowedOrigin,
  newToken,
  sameToken,
  newRunPrefix,
  pathInPrefix,
  sessionCookie,
} from './guards'
import { baseHeaders, NO_SESSION_PAGE, sendJson, sendJsonText, sendText } from './http-replies'
import { BodyTooLarge, readBody } from './request-body'
import { RendererFiles } from './renderer-files'

export interface ServerOptions {
  core: Core
  /** 0 (default) picks a free port. */
  port?: number
  /** Only loopback: the token is the lock, and it must not be offered to the network. */
  host?: '127.0.0.1'
  /** Per-run secret; a fresh random one when absent. */
  token?: string
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** Scrubbed from every error the UI receives (the API key). */
  secrets?: readonly string[]
  /** Upper bound for one call's JSON body; CSV text is the big one. */
  maxBodyBytes?: number
  log?: Logger
}

export interface RunningServer {
  /** The link to open: carries the token once; the page then lives on its HttpOnly cookie. */
  url: string
  port: number
  token: string
  /** This run's path prefix (/s/<id>): the page and the session cookie's scope. */
  prefix: string
  close(): Promise<void>
}

const DEFAULT_MAX_BODY = 25 * 1024 * 1024
const CALL_PREFIX = '/api/call/'

/** Browser mode: the built renderer, the call route, the event socket and the image route on 127.0.0.1. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? newToken()
  checkTokenShape(token)
  // Everything the page uses lives under this prefix, and the session cookie is scoped to it.
  const prefix = newRunPrefix()
  const rendererDir = resolve(opts.rendererDir)
  const rendererFiles = new RendererFiles(rendererDir)
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY
  let port = 0

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      opts.log?.error('browser-mode request failed', { message: e instanceof Error ? e.message : String(e) })
      if (!res.headersSent) sendText(res, 500, 'Internal error')
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = baseHeaders(contentSecurityPolicy(port))
    if (!isAllowedHost(req.headers.host, port)) return sendText(res, 403, 'Unknown Host', headers)
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    // Calls and images also answer at the root for clients that send the token header (the CLI-style callers
    // and tests); a browser's cookie only ever comes with requests under the prefix.
    const inPrefix = pathInPrefix(url.pathname, prefix)
    const path = inPrefix ?? url.pathname
    const method = req.method ?? 'GET'

    if (path.startsWith('/api/')) {
      if (method !== 'POST') return sendText(res, 405, 'Use POST', { ...headers, allow: 'POST' })
      if (!isAllowedOrigin(req.headers.origin, port)) return sendText(res, 403, 'Foreign Origin', headers)
      if (!hasSession(req.headers, port, token)) return sendText(res, 401, 'No session', headers)
      if (!path.startsWith(CALL_PREFIX)) return sendText(res, 404, 'Not found', headers)
      return handleCall(req, res, decodeSegment(path.slice(CALL_PREFIX.length)), headers)
    }
    if (method !== 'GET' && method !== 'HEAD')
      return sendText(res, 405, 'Method not allowed', { ...headers, allow: 'GET, HEAD' })
    if (path.startsWith('/images/')) {
      if (!hasSession(req.headers, port, token)) return sendText(res, 401, 'No session', headers)
      return handleImage(res, path.slice('/images/'.length), method === 'HEAD', headers)
    }
    if (path.startsWith('/exports/')) {
      if (!hasSession(req.headers, port, token)) return sendText(res, 401, 'No session', headers)
      const file = await exportFile(opts.core.home, decodeSegment(path.slice('/exports/'.length)))
      if (file === null) return sendText(res, 404, 'No such export', headers)
      return sendFile(res, file, method === 'HEAD', { ...headers, ...exportHeaders(file) })
    }
    if (path === '/' || path === '/index.html') return handlePage(req, res, url, inPrefix !== null, headers)
    return handleRendererFile(res, path, method === 'HEAD', headers)
  }

  /** The real path of the page itself, which only handlePage may send (it holds the session check). */
  function pagePath(): string | null {
    return rendererFiles.realPath(join(rendererDir, 'index.html'))
  }

  async function handleCall(
    req: IncomingMessage,
    res: ServerResponse,
    name: string | null,
    headers: Record<string, string>,
  ): Promise<void> {
    const type = req.headers['content-type'] ?? ''
    // JSON only: a cross-site <form> cannot send it without a CORS preflight we never answer.
    if (!type.toLowerCase().startsWith('application/json')) {
      return replyError(res, 415, 'validation', 'Send the call input as application/json.', headers)
    }
    let body: string
    try {
      body = await readBody(req, maxBody)
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        res.setHeader('connection', 'close')
        return replyError(
          res,
          413,
          'validation',
          `The request is larger than ${Math.round(maxBody / 1024 / 1024)} MB.`,
          headers,
        )
      }
      throw e
    }
    let input: unknown
    try {
      input = body.trim() === '' ? {} : JSON.parse(body)
    } catch {
      return replyError(res, 400, 'validation', 'The request body is not valid JSON.', headers)
    }
    const result = await dispatch(opts.core, name ?? '', input, {
      host: 'browser',
      secrets: opts.secrets,
      log: opts.log,
    })
    sendJsonText(res, result.ok ? 200 : statusForError(result.error.kind), callResultJson(result), headers)
  }

  async function handleImage(
    res: ServerResponse,
    rest: string,
    headOnly: boolean,
    headers: Record<string, string>,
  ): Promise<void> {
    const [rawId, rawVariant, ...extra] = rest.split('/')
    const id = rawId === undefined ? null : decodeSegment(rawId)
    const variant = parseImageVariant(rawVariant)
    if (extra.length > 0 || id === null || !isPlausibleImageId(id) || variant === null) {
      return sendText(res, 404, 'No such image', headers)
    }
    if (variant === 'thumb') await opts.core.ensureThumb(id)
    const filePath = opts.core.imagePath(id, variant)
    const file = filePath === null ? null : await containedFile(opts.core.home, filePath)
    if (file === null) return sendText(res, 404, 'No such image', headers)
    // Image files are content-addressed and never rewritten, so a browser may keep them for good.
    await sendFile(res, file, headOnly, { ...headers, 'cache-control': 'private, max-age=31536000, immutable' })
  }

  async function handlePage(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    inPrefix: boolean,
    headers: Record<string, string>,
  ): Promise<void> {
    const given = url.searchParams.get('token') ?? undefined
    if (given !== undefined && sameToken(given, token)) {
      // Trade the token in the address bar for a cookie, and drop it from the URL (and from history).
      res.writeHead(302, {
        ...headers,
        'set-cookie': sessionCookie(port, token, prefix),
        location: `${prefix}/`,
        'cache-control': 'no-store',
      })
      res.end()
      return
    }
    if (!inPrefix) {
      // The page lives under the prefix, where its cookie is sent; the root only points there.
      res.writeHead(302, { ...headers, location: `${prefix}/`, 'cache-control': 'no-store' })
      res.end()
      return
    }
    if (!hasSession(req.headers, port, token)) {
      res.writeHead(401, { ...headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      res.end(NO_SESSION_PAGE)
      return
    }
    const page = rendererFiles.read(join(rendererDir, 'index.html'))
    if (page === null) return sendText(res, 500, 'The renderer is not built: run `npx electron-vite build`.', headers)
    sendBytes(res, page, req.method === 'HEAD', { ...headers, 'cache-control': 'no-store' })
  }

  async function handleRendererFile(
    res: ServerResponse,
    path: string,
    headOnly: boolean,
    headers: Record<string, string>,
  ): Promise<void> {
    const rel = decodeSegment(path)
    const file = rel === null ? null : rendererFiles.read(join(rendererDir, rel))
    // Decided on what the path resolves to, not on its spelling: /%69ndex.html, /./index.html, a case-insensitive
    // disk or a symlink all reach the page, which is never served from here without the session check. Only "/"
    // and "/index.html" lead to handlePage; any other spelling of the page is simply not a file we serve.
    if (file === null || file.path === pagePath()) return sendText(res, 404, 'Not found', headers)
    // Vite puts content-hashed bundles under assets/; anything else may change between builds.
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
    sendBytes(res, file, headOnly, { ...headers, 'cache-control': cache })
  }

  const events = attachEventSocket(server, {
    core: opts.core,
    prefix,
    refusal: (req) => {
      if (!isAllowedHost(req.headers.host, port)) return 403
      if (!isAllowedOrigin(req.headers.origin, port)) return 403
      return hasSession(req.headers, port, token) ? 0 : 401
    },
  })

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', rejectListen)
      resolveListen()
    })
  })
  port = (server.address() as AddressInfo).port

  let closing: Promise<void> | null = null
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    prefix,
    close() {
      closing ??= new Promise<void>((done) => {
        events.close()
        server.close(() => done())
        server.closeAllConnections()
      })
      return closing
    },
  }
}

function replyError(
  res: ServerResponse,
  status: number,
  kind: AppErrorKind,
  message: string,
  headers: Record<string, string>,
): void {
  sendJson(res, status, { ok: false, error: new AppError({ kind, message }).toJSON() }, headers)
}

/** HTTP status of a failed call; the body always carries the full AppError, so clients need not read this. */
export function statusForError(kind: AppErrorKind): number {
  if (kind === 'validation') return 400
  if (kind === 'not_found') return 404
  return 500
}

/** Percent-decodes one URL path piece; malformed escapes or a NUL make the path unusable. */
function decodeSegment(s: string): string | null {
  try {
    const out = decodeURIComponent(s)
    return out.includes('\0') ? null : out
  } catch {
    return null
  }
}

/** A renderer file already in memory (see renderer-files.ts). */
function sendBytes(
  res: ServerResponse,
  file: { path: string; bytes: Buffer },
  headOnly: boolean,
  headers: Record<string, string>,
): void {
  res.writeHead(200, {
    'content-type': contentTypeFor(file.path),
    ...headers,
    'content-length': String(file.bytes.length),
  })
  res.end(headOnly ? undefined : file.bytes)
}

async function sendFile(
  res: ServerResponse,
  file: string,
  headOnly: boolean,
  headers: Record<string, string>,
): Promise<void> {
  const info = await stat(file)
  // A caller's own type wins (exports name theirs); otherwise the file's extension decides.
  res.writeHead(200, { 'content-type': contentTypeFor(file), ...headers, 'content-length': String(info.size) })
  if (headOnly) {
    res.end()
    return
  }
  await new Promise<void>((done, fail) => {
    const stream = createReadStream(file)
    stream.on('error', fail)
    res.on('close', () => {
      stream.destroy()
      done()
    })
    stream.pipe(res)
  })
}
