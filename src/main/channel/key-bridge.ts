import { AppError, redactSecrets } from '@shared/errors'
import type { Logger } from '../core-types'
import type { KeyStore } from '../key-store'
import { FromCoreSchema, ToCoreSchema, type ChannelPort, type KeyRequest, type ToCore } from './messages'

/**
 * The desktop key bridge. safeStorage (the OS keychain) exists only in Electron's main process, while the core
 * that needs the key runs in a utility process. So in the desktop app the core's KeyStore is a remote one: its
 * load, save and remove are `key` messages that main answers with its keychain store. Only those messages (and
 * their answers) carry the key; neither side logs them.
 */

/** Long enough for a keychain that asks the OS user for a password; a main that never answers is not waited on forever. */
const DEFAULT_TIMEOUT_MS = 60_000

type Answer = Extract<ToCore, { t: 'key-answer' }>

/**
 * The core's side: asks main for the stored key once (before the core opens, so it starts on the right key), then
 * answers load() from that copy. Main is the keychain's only other user and the app is single-instance, so the
 * copy cannot go stale; save and remove update it only once main says the keychain has done it.
 */
export async function remoteKeyStore(port: ChannelPort, opts: { timeoutMs?: number } = {}): Promise<KeyStore> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let nextId = 1
  const waiting = new Map<number, (a: Answer) => void>()
  port.onMessage((raw) => {
    const parsed = ToCoreSchema.safeParse(raw)
    if (!parsed.success || parsed.data.t !== 'key-answer') return
    const answer = parsed.data
    waiting.get(answer.id)?.(answer)
    waiting.delete(answer.id)
  })

  const ask = (op: KeyRequest['op'], key?: string): Promise<string | null> => {
    const id = nextId++
    return new Promise<string | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id)
        reject(
          new AppError({
            kind: 'io',
            message: 'The desktop app did not answer in time about the API key in the keychain. Try again.',
          }),
        )
      }, timeoutMs)
      timer.unref?.()
      waiting.set(id, (a) => {
        clearTimeout(timer)
        if (a.ok) resolve(a.key ?? null)
        else reject(new AppError({ kind: 'io', message: a.message ?? 'The keychain refused the request.' }))
      })
      port.post(key === undefined ? { t: 'key', id, op } : { t: 'key', id, op, key })
    })
  }

  let stored: string | null = null
  let problem: string | null = null
  try {
    stored = await ask('load')
  } catch (e) {
    // The core still opens (in demo mode); createCore logs this sentence as the reason no saved key was used.
    problem = e instanceof Error ? e.message : String(e)
  }
  return {
    kind: 'keychain',
    load() {
      if (problem !== null) throw new Error(problem)
      return stored
    },
    async save(key) {
      await ask('save', key)
      stored = key
      problem = null
    },
    async remove() {
      await ask('remove')
      stored = null
      problem = null
    },
  }
}

/**
 * Main's side: answers the core's key requests with `store` (the safeStorage one). `onKey` hears every key that
 * passes, so main can scrub it from its own log and from what it forwards to the window too.
 */
export function answerKeyRequests(
  port: ChannelPort,
  store: KeyStore,
  opts: { onKey?: (key: string) => void; log?: Logger } = {},
): () => void {
  const answer = (m: ToCore): void => port.post(m)
  return port.onMessage((raw) => {
    const parsed = FromCoreSchema.safeParse(raw)
    if (!parsed.success || parsed.data.t !== 'key') return
    const { id, op, key } = parsed.data
    if (key !== undefined) opts.onKey?.(key)
    void (async () => {
      try {
        if (op === 'load') {
          const loaded = store.load()
          if (loaded !== null) opts.onKey?.(loaded)
          answer({ t: 'key-answer', id, ok: true, key: loaded })
          return
        }
        if (op === 'save') {
          if (key === undefined) throw new AppError({ kind: 'validation', message: 'There was no key to save.' })
          await store.save(key)
        } else await store.remove()
        answer({ t: 'key-answer', id, ok: true, key: null })
      } catch (e) {
        // A keychain's own sentence is worth showing ("no keychain on this system"); the key never rides along.
        const message = redactSecrets(e instanceof Error ? e.message : String(e), key === undefined ? [] : [key])
        opts.log?.warn('keychain request failed', { op, problem: message })
        answer({ t: 'key-answer', id, ok: false, message })
      }
    })()
  })
}
