import type { IncomingMessage, ServerResponse } from 'node:http'

/** Small response helpers: every JSON answer goes through sendJson so headers are consistent. */

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** The gateway answers a wrong verb with an HTML page, not JSON (docs/segmind-api.md §4). */
export function sendMethodNotAllowed(res: ServerResponse): void {
  if (res.writableEnded || res.destroyed) return
  const html =
    '<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
  res.writeHead(405, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) })
  res.end(html)
}

export class BodyTooLarge extends Error {}

/** Reads a request body up to `limit` bytes. */
export function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLarge(`request body larger than ${limit} bytes`))
        req.pause()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** True for `application/json` with or without parameters (charset=utf-8). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false
  return header.split(';')[0]?.trim().toLowerCase() === 'application/json'
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}
