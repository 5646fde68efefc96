import type { ServerResponse } from 'node:http'

/** Headers on every answer: nothing may frame us, sniff types, or learn the token-bearing URL from a Referer. */
export function baseHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  }
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers)
}

/** sendJson for a body already written as JSON text. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  })
  res.end(text)
}

/** Shown when the page is opened without the token, e.g. a bookmark from an earlier run. */
export const NO_SESSION_PAGE = `<!doctype html><meta charset="utf-8"><title>Soul Batch</title>
<p>This Soul Batch server needs the link it printed when it started (it ends in <code>?token=...</code>).
Each run makes a new one; copy it from the terminal.</p>`
