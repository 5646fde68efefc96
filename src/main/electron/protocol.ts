import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { protocol, type Protocol } from 'electron'
import { exportFile, exportHeaders } from '../server/export-file'
import { containedFile, contentTypeFor, isPlausibleImageId, parseImageVariant } from '../server/contained-file'

/**
 * Two schemes, both answered from disk with a real-path containment check (habit 9):
 *   app://renderer/<file>          the built renderer (served this way rather than file:// so it has an origin and CSP headers)
 *   app-image://image/<id>/<full|thumb>  library images; the id sits in the path because a standard scheme lowercases hosts
 */
export const APP_SCHEME = 'app'
export const IMAGE_SCHEME = 'app-image'

/** Must run before the app is ready: privileges cannot be granted later. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    { scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}

async function fileResponse(file: string, headers: Record<string, string>): Promise<Response> {
  const bytes = await readFile(file)
  return new Response(bytes, {
    status: 200,
    headers: {
      ...headers,
      'content-type': contentTypeFor(file),
      'content-length': String(bytes.length),
      'x-content-type-options': 'nosniff',
    },
  })
}

/** app-image://image/<id>/<variant> -> the file core.imagePath names, if it really lies inside core.home. */
/**
 * The core's image lookup, in-process (sync) or across the channel to its utility process (async). A thumbnail
 * is made on first view: in-process through `ensureThumb`, across the channel by the core's side of it.
 */
export interface ImageSource {
  home: string
  imagePath(imageId: string, variant: 'full' | 'thumb'): string | null | Promise<string | null>
  ensureThumb?(imageId: string): Promise<void>
}

export function createImageHandler(core: ImageSource): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return plain(400, 'Bad image URL')
    }
    if (url.protocol === `${IMAGE_SCHEME}:` && url.host === 'export') return exportResponse(core.home, url.pathname)
    if (url.protocol !== `${IMAGE_SCHEME}:` || url.host !== 'image') return plain(404, 'No such image')
    const [rawId, rawVariant, ...extra] = url.pathname.slice(1).split('/')
    let id: string
    try {
      id = decodeURIComponent(rawId ?? '')
    } catch {
      return plain(400, 'Bad image URL')
    }
    const variant = parseImageVariant(rawVariant)
    if (extra.length > 0 || !isPlausibleImageId(id) || variant === null) return plain(404, 'No such image')
    if (variant === 'thumb') await core.ensureThumb?.(id)
    const filePath = await core.imagePath(id, variant)
    if (filePath === null) return plain(404, 'No such image')
    const file = await containedFile(core.home, filePath)
    if (file === null) return plain(403, 'Refused: the image file is not inside the library')
    return fileResponse(file, { 'cache-control': 'private, max-age=31536000, immutable' })
  }
}

/** app-image://export/<file name> -> a zip the library.export call wrote into the library's exports/ folder. */
async function exportResponse(home: string, pathname: string): Promise<Response> {
  let name: string | null
  try {
    name = decodeURIComponent(pathname.slice(1))
  } catch {
    name = null
  }
  const file = await exportFile(home, name)
  if (file === null) return plain(404, 'No such export')
  const bytes = await readFile(file)
  return new Response(bytes, {
    status: 200,
    headers: { ...exportHeaders(file), 'content-length': String(bytes.length), 'x-content-type-options': 'nosniff' },
  })
}

/** app://renderer/<path> -> a file of the built renderer; '/' is index.html. Every answer carries the CSP. */
export function createRendererHandler(rendererDir: string, csp: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir)
  return async (request) => {
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return plain(400, 'Bad URL')
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'renderer') return plain(404, 'Not found')
    let rel: string
    try {
      rel = decodeURIComponent(url.pathname)
    } catch {
      return plain(400, 'Bad URL')
    }
    if (rel === '/' || rel === '') rel = '/index.html'
    const file = await containedFile(root, join(root, rel))
    if (file === null) return plain(404, 'Not found')
    return fileResponse(file, { 'content-security-policy': csp, 'cache-control': 'no-cache' })
  }
}

/** Installs both handlers on the (default) session's protocol object. */
export function handleProtocols(proto: Protocol, core: ImageSource, rendererDir: string, csp: string): void {
  proto.handle(APP_SCHEME, createRendererHandler(rendererDir, csp))
  proto.handle(IMAGE_SCHEME, createImageHandler(core))
}
