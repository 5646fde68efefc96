/**
 * A real HTTP server on loopback whose answers a test scripts, for the answers the simulator never gives
 * (403, 410, a 406 spend limit, redirects, oversized images, a server that echoes the key back). It records
 * every request it saw so tests can prove which headers reached which host.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface SeenRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

/** What a script returns is ignored, except that a rejected promise drops the connection. */
export type Script = (req: SeenRequest, res: ServerResponse) => unknown

export interface ScriptedServer {
  url: string
  seen: SeenRequest[]
  script: Script
  close(): Promise<void>
}

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const sockets = new Set<Socket>()
  const state: ScriptedServer = {
    url: '',
    seen: [],
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
      }),
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      state.seen.push(seen)
      Promise.resolve(state.script(seen, res)).catch(() => res.destroy())
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}
