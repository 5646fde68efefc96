import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { redactStrings } from '@shared/errors'
import type { Core } from '../core-types'

export const EVENTS_PATH = '/api/events'
/** A client this far behind is not reading; dropping it (it reconnects and refetches) beats growing memory. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024

export interface EventSocketOptions {
  core: Pick<Core, 'onEvent' | 'redact'>
  /** The run's path prefix: the socket answers at <prefix>/api/events (where the session cookie is sent) too. */
  prefix?: string
  /** 0 lets the upgrade through; any other value is the HTTP status it is refused with. */
  refusal: (req: IncomingMessage) => number
}

/** Streams every CoreEvent as one JSON text frame to each authorised WebSocket on /api/events. */
export function attachEventSocket(server: Server, opts: EventSocketOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  const clients = new Set<WebSocket>()

  const unsubscribe = opts.core.onEvent((event) => {
    if (clients.size === 0) return
    // A second layer behind the client's own scrubbing: whatever reached an event, the key does not leave here.
    const frame = JSON.stringify(redactStrings(event, (s) => opts.core.redact(s)))
    for (const ws of clients) {
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate()
      else ws.send(frame)
    }
  })

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const ours = path === EVENTS_PATH || (opts.prefix !== undefined && path === `${opts.prefix}${EVENTS_PATH}`)
    const status = ours ? opts.refusal(req) : 404
    if (status !== 0) {
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      // The stream is one-way; a client that talks is ignored, not trusted.
      ws.on('message', () => undefined)
      ws.on('error', () => clients.delete(ws))
    })
  }
  server.on('upgrade', onUpgrade)

  return {
    close() {
      unsubscribe()
      server.off('upgrade', onUpgrade)
      for (const ws of clients) ws.terminate()
      clients.clear()
      wss.close()
    },
  }
}
