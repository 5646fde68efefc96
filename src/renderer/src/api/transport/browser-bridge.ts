import type { CallInput, CallName, CallOutput } from '@shared/contracts'
import { AppError } from '@shared/errors'
import { unwrapCallResult } from './call-result'
import { EventStream, type EventSocket } from './event-stream'
import type { Api, ImageVariant } from './types'

/** The parts of fetch's answer the bridge reads (a browser Response or Node's both fit). */
interface FetchedAnswer {
  status: number
  headers: { get(name: string): string | null }
  json(): Promise<unknown>
}

export interface BrowserBridgeOptions {
  /** 'http://127.0.0.1:PORT' in tests; the run's path prefix (or '') in the page: same-origin URLs. */
  origin: string
  /** ws://host/api/events for the same server (see eventsUrlFor). */
  eventsUrl: string
  fetch: (
    url: string,
    init: { method: string; credentials: 'same-origin'; headers: Record<string, string>; body: string },
  ) => Promise<FetchedAnswer>
  createSocket: (url: string) => EventSocket
  /** Extra request headers (tests send x-soul-batch-token; the page relies on its HttpOnly cookie instead). */
  headers?: Record<string, string>
  reconnect?: { minDelay?: number; maxDelay?: number }
}

/** Browser mode: calls go over POST /api/call/<name>, events over the WebSocket /api/events. */
export function createBrowserBridge(opts: BrowserBridgeOptions): Api {
  const stream = new EventStream({
    url: opts.eventsUrl,
    createSocket: opts.createSocket,
    ...opts.reconnect,
  })

  async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    let answer: FetchedAnswer
    try {
      answer = await opts.fetch(`${opts.origin}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...opts.headers },
        body: JSON.stringify(input ?? {}),
      })
    } catch {
      throw new AppError({
        kind: 'network',
        message: 'The Soul Batch server is not answering. Is `npm run serve` (or `npm start`) still running?',
        retryable: true,
      })
    }
    if (answer.status === 401) {
      throw new AppError({
        kind: 'auth',
        status: 401,
        message:
          'This page has no session with the Soul Batch server. Open the link it printed (it carries ?token=...).',
      })
    }
    const isJson = (answer.headers.get('content-type') ?? '').includes('application/json')
    if (!isJson) {
      throw new AppError({
        kind: 'bad_response',
        status: answer.status,
        message: `The server answered ${name} with HTTP ${answer.status}.`,
      })
    }
    return unwrapCallResult<CallOutput<N>>(await answer.json(), name)
  }

  return {
    host: 'browser',
    call,
    onEvent: (listener) => stream.subscribe(listener),
    onConnectionChange: (listener) => stream.onConnectionChange(listener),
    // Under the run's path prefix, like every request the session cookie must go with.
    exportUrl: (fileName: string) => `${opts.origin}/exports/${encodeURIComponent(fileName)}`,
    imageUrl: (imageId: string, variant: ImageVariant) =>
      `${opts.origin}/images/${encodeURIComponent(imageId)}/${variant}`,
  }
}

/** The events WebSocket URL of the server that served a page (or of an explicit http origin in tests). */
export function eventsUrlFor(location: { protocol: string; host: string; pathname?: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}${runPrefixOf(location.pathname ?? '/')}/api/events`
}

/**
 * The run's path prefix (/s/<id>) of a page the browser-mode server served, or '' at the root. Calls, images
 * and events go under it because the session cookie is scoped to it (cookies ignore ports, so a cookie for /
 * would go to every server on 127.0.0.1).
 */
export function runPrefixOf(pathname: string): string {
  return /^\/s\/[A-Za-z0-9_-]+(?=\/|$)/.exec(pathname)?.[0] ?? ''
}
