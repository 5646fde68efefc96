import { z } from 'zod'
import type { CallResult } from '@shared/contracts/bridge'
import type { CoreEvent } from '@shared/contracts'

/**
 * What crosses the channel between a host (Electron's main process) and the process that runs the core (an
 * Electron utilityProcess, or a Node child process / worker in tests). Calls carry a contract name and raw
 * input; the core side validates it with the same contracts table and dispatcher as IPC and HTTP.
 */
export type ToCore =
  | { t: 'call'; id: number; name: string; input: unknown }
  | { t: 'image'; id: number; imageId: string; variant: 'full' | 'thumb' }
  | { t: 'close'; id: number }
  | KeyAnswer

/**
 * Main's answer to a key request: the stored key (load), or nothing (save, remove); or the sentence the keychain
 * failed with. Only this message and a key save carry the key (see key-bridge.ts).
 */
export interface KeyAnswer {
  t: 'key-answer'
  id: number
  ok: boolean
  /** load: the stored key or null. */
  key?: string | null
  /** ok false: the keychain's sentence, without the key. */
  message?: string
}

export interface CoreFacts {
  home: string
  logDir: string
  demoMode: boolean
  apiHost: string
}

export type FromCore =
  | { t: 'ready'; facts: CoreFacts }
  | { t: 'failed'; message: string }
  | { t: 'result'; id: number; result: CallResult<unknown> }
  | { t: 'image'; id: number; path: string | null }
  | { t: 'closed'; id: number }
  | { t: 'event'; event: CoreEvent }
  | KeyRequest
  | { t: 'reveal'; path: string }

/**
 * Requests the core makes of main (desktop only): safeStorage, the OS keychain, lives only in Electron's main
 * process, and so does shell.showItemInFolder. Core-to-main ids are their own sequence.
 */
export interface KeyRequest {
  t: 'key'
  id: number
  op: 'load' | 'save' | 'remove'
  /** save only. */
  key?: string
}

const Id = z.number().int().nonnegative()
/** As the key contract takes it: a key is a short single line. */
const ApiKeyText = z.string().min(1).max(500)

export const ToCoreSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: Id, name: z.string().max(100), input: z.unknown() }),
  z.object({ t: z.literal('image'), id: Id, imageId: z.string().max(200), variant: z.enum(['full', 'thumb']) }),
  z.object({ t: z.literal('close'), id: Id }),
  z.object({
    t: z.literal('key-answer'),
    id: Id,
    ok: z.boolean(),
    key: ApiKeyText.nullable().optional(),
    message: z.string().max(2000).optional(),
  }),
])

/** The envelope is checked; call answers and events were built by our own core and are passed as they are. */
export const FromCoreSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('ready'),
    facts: z.object({ home: z.string(), logDir: z.string(), demoMode: z.boolean(), apiHost: z.string() }),
  }),
  z.object({ t: z.literal('failed'), message: z.string() }),
  z.object({ t: z.literal('result'), id: Id, result: z.object({ ok: z.boolean() }).passthrough() }),
  z.object({ t: z.literal('image'), id: Id, path: z.string().nullable() }),
  z.object({ t: z.literal('closed'), id: Id }),
  z.object({ t: z.literal('event'), event: z.object({ type: z.string() }).passthrough() }),
  z.object({ t: z.literal('key'), id: Id, op: z.enum(['load', 'save', 'remove']), key: ApiKeyText.optional() }),
  z.object({ t: z.literal('reveal'), path: z.string().min(1).max(4096) }),
])

/**
 * One end of a message channel: Electron's utilityProcess / parentPort, a Node child process (process.send), or
 * a worker thread. Only structured-clonable plain data goes through.
 */
export interface ChannelPort {
  post(message: unknown): void
  onMessage(listener: (message: unknown) => void): () => void
}
