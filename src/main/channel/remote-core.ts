import type { CoreEvent } from '@shared/contracts'
import type { CallResult } from '@shared/contracts/bridge'
import { AppError, toErrorData } from '@shared/errors'
import { FromCoreSchema, type ChannelPort, type CoreFacts, type FromCore, type ToCore } from './messages'

/** The host's view of a core running in another process: calls and image lookups answer asynchronously. */
export interface RemoteCore {
  /** Resolves with the core's facts once it is open, or rejects with the sentence the core failed with. */
  readonly ready: Promise<CoreFacts>
  call(name: string, input: unknown): Promise<CallResult<unknown>>
  imagePath(imageId: string, variant: 'full' | 'thumb'): Promise<string | null>
  onEvent(listener: (event: CoreEvent) => void): () => void
  /** Asks the core to close (it finishes file-then-row writes first); resolves when it has. */
  close(): Promise<void>
  /** The other process went away: every pending call fails with a readable sentence. */
  lost(reason: string): void
}

type Pending = (m: FromCore) => void

export function connectCore(port: ChannelPort): RemoteCore {
  let nextId = 1
  const pending = new Map<number, Pending>()
  const listeners = new Set<(e: CoreEvent) => void>()
  let goneReason: string | null = null
  let settleReady: { resolve: (f: CoreFacts) => void; reject: (e: Error) => void } | null = null
  const ready = new Promise<CoreFacts>((resolve, reject) => {
    settleReady = { resolve, reject }
  })
  // A host that never awaits ready (it only makes calls) must not see an unhandled rejection.
  ready.catch(() => undefined)

  port.onMessage((raw) => {
    const parsed = FromCoreSchema.safeParse(raw)
    if (!parsed.success) return
    // The schema checks the envelope; the payloads were built by our own core (see messages.ts).
    const m = parsed.data as FromCore
    switch (m.t) {
      case 'ready':
        settleReady?.resolve(m.facts)
        return
      case 'failed':
        settleReady?.reject(new Error(m.message))
        lost(m.message)
        return
      case 'event':
        for (const l of listeners) l(m.event)
        return
      case 'key':
      case 'reveal':
        // Requests from the core to main, answered by key-bridge.ts and reveal-bridge.ts on the same port.
        return
      default: {
        const answer = pending.get(m.id)
        pending.delete(m.id)
        answer?.(m)
      }
    }
  })

  function request<T>(build: (id: number) => ToCore, pick: (m: FromCore) => T, whenGone: () => T): Promise<T> {
    if (goneReason !== null) return Promise.resolve(whenGone())
    const id = nextId++
    return new Promise<T>((resolve) => {
      pending.set(id, (m) => resolve(m.t === 'failed' ? whenGone() : pick(m)))
      port.post(build(id))
    })
  }

  const goneError = (): CallResult<unknown> => ({
    ok: false,
    error: toErrorData(
      new AppError({ kind: 'internal', message: `The Soul Batch core stopped (${goneReason ?? 'unknown reason'}).` }),
    ),
  })

  function lost(reason: string): void {
    if (goneReason !== null) return
    goneReason = reason
    settleReady?.reject(new Error(reason))
    const failed: FromCore = { t: 'failed', message: reason }
    for (const answer of pending.values()) answer(failed)
    pending.clear()
  }

  return {
    ready,
    call: (name, input) =>
      request(
        (id) => ({ t: 'call', id, name, input }),
        (m) => (m.t === 'result' ? m.result : goneError()),
        goneError,
      ),
    imagePath: (imageId, variant) =>
      request(
        (id) => ({ t: 'image', id, imageId, variant }),
        (m) => (m.t === 'image' ? m.path : null),
        () => null,
      ),
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () =>
      request(
        (id) => ({ t: 'close', id }),
        () => undefined,
        () => undefined,
      ),
    lost,
  }
}
