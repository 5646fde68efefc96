import { realpath, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative } from 'node:path'

/**
 * The real path of `candidate` if it is a regular file that lies inside `root` once every symlink is resolved,
 * else null. Used by both hosts before serving bytes from disk: a file name with `..` or a symlink planted in the
 * library cannot lead outside it.
 */
export async function containedFile(root: string, candidate: string): Promise<string | null> {
  let realRoot: string
  let realCandidate: string
  try {
    ;[realRoot, realCandidate] = await Promise.all([realpath(root), realpath(candidate)])
  } catch {
    return null
  }
  if (!isInside(realRoot, realCandidate)) return null
  try {
    return (await stat(realCandidate)).isFile() ? realCandidate : null
  } catch {
    return null
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** An image id as it may appear in a URL: no separators, no dot-segments, no control characters. */
export function isPlausibleImageId(id: string): boolean {
  return id.length > 0 && id.length <= 200 && /^[A-Za-z0-9_.-]+$/.test(id) && id !== '.' && id !== '..'
}

export function parseImageVariant(v: string | undefined): 'full' | 'thumb' | null {
  return v === 'full' || v === 'thumb' ? v : null
}
