import type { CoreEvent } from '@shared/contracts'

type EventCheck = (raw: unknown) => CoreEvent | null

/**
 * The check every event passes, loaded with the first event rather than at start: it brings zod and the event
 * schemas, which the window does not need to draw its first screen (issue 8: first gallery paint < 500 ms).
 */
function loadEventCheck(): Promise<EventCheck> {
  return import('./event-check').then((m) => m.checkEvent)
}

/**
 * Method-style signatures are compared bivariantly, which lets both the DOM WebSocket (whose handlers take a
 * full Event) and the `ws` package's client fit this slot without a cast.
 */
type Handler<E> = { bivariant(ev: E): void }['bivariant']

/** The few members of a browser WebSocket the stream uses (so tests can hand in the `ws` package's client). */
export interface EventSocket {
  onopen: Handler<unknown> | null
  onmessage: Handler<{ data: unknown }> | null
  onclose: Handler<unknown> | null
  onerror: Handler<unknown> | null
  close(): void
}

export interface EventStreamOptions {
  url: string
  createSocket: (url: string) => EventSocket
  /** Milliseconds; the first retry waits `minDelay`, each further one doubles, capped at `maxDelay`. */
  minDelay?: number
  maxDelay?: number
}

/** Reconnect delay after `failures` consecutive failed or dropped connections (pure, for tests). */
export function reconnectDelay(failures: number, minDelay = 250, maxDelay = 10_000): number {
  const exp = Math.min(failures, 20)
  return Math.min(maxDelay, minDelay * 2 ** exp)
}

/**
 * A WebSocket that is open while someone listens and comes back on its own after a drop (server restart,
 * laptop sleep), with exponential backoff so a dead server is not hammered.
 */
export class EventStream {
  private readonly listeners = new Set<(e: CoreEvent) => void>()
  private readonly connectionListeners = new Set<(connected: boolean) => void>()
  private socket: EventSocket | null = null
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private failures = 0
  private connected = false
  private check: EventCheck | null = null
  private checkLoading = false
  /** Events that came before the check was loaded, in order; delivered as soon as it is. */
  private unchecked: unknown[] = []

  constructor(private readonly opts: EventStreamOptions) {}

  subscribe(listener: (e: CoreEvent) => void): () => void {
    this.listeners.add(listener)
    this.ensureOpen()
    return () => {
      this.listeners.delete(listener)
      this.closeIfUnused()
    }
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener)
    listener(this.connected)
    this.ensureOpen()
    return () => {
      this.connectionListeners.delete(listener)
      this.closeIfUnused()
    }
  }

  private get inUse(): boolean {
    return this.listeners.size > 0 || this.connectionListeners.size > 0
  }

  private ensureOpen(): void {
    if (this.socket || this.retryTimer || !this.inUse) return
    let socket: EventSocket
    try {
      socket = this.opts.createSocket(this.opts.url)
    } catch {
      this.scheduleRetry()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      this.failures = 0
      this.setConnected(true)
    }
    socket.onmessage = (ev) => this.deliver(ev.data)
    // A failed connection fires error then close; retrying from close alone keeps one retry per drop.
    socket.onerror = () => undefined
    socket.onclose = () => {
      if (this.socket !== socket) return
      this.socket = null
      this.setConnected(false)
      this.scheduleRetry()
    }
  }

  private scheduleRetry(): void {
    if (!this.inUse || this.retryTimer) return
    const delay = reconnectDelay(this.failures++, this.opts.minDelay, this.opts.maxDelay)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      this.ensureOpen()
    }, delay)
  }

  private closeIfUnused(): void {
    if (this.inUse) return
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    const socket = this.socket
    this.socket = null
    this.failures = 0
    if (socket) {
      socket.onclose = null
      socket.close()
    }
    this.setConnected(false)
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return
    this.connected = connected
    for (const l of [...this.connectionListeners]) l(connected)
  }

  private deliver(data: unknown): void {
    if (typeof data !== 'string') return
    let parsed: unknown
    try {
      parsed = JSON.parse(data)
    } catch {
      return
    }
    if (this.check) {
      this.emit(this.check, parsed)
      return
    }
    this.unchecked.push(parsed)
    if (this.checkLoading) return
    this.checkLoading = true
    loadEventCheck().then(
      (check) => {
        this.check = check
        const waiting = this.unchecked
        this.unchecked = []
        for (const raw of waiting) this.emit(check, raw)
      },
      () => {
        // The check could not load (a broken build): nothing unchecked reaches a store; the next event tries again.
        this.checkLoading = false
        this.unchecked = []
      },
    )
  }

  private emit(check: EventCheck, raw: unknown): void {
    const event = check(raw)
    // An event this build does not know (a newer server) is dropped rather than crashing a store.
    if (event === null) return
    for (const l of [...this.listeners]) l(event)
  }
}
