/**
 * The hosts' last line of defence: whatever text reached the core's data, call answers (browser mode and IPC) and
 * event frames (the socket and the Electron window) go out scrubbed with the core's own secret, which the host
 * never holds. The key is planted the one way a caller can: as a batch name, the first thing echoed back.
 */
import { EventEmitter } from 'node:events'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CoreEvent } from '@shared/contracts'
import { callChannel } from '@shared/contracts/bridge'
import { SMALL_MATRIX, call, openEvents, startHarness, type Harness } from './harness'

vi.mock('electron', () => ({}))
const { forwardEvents, registerIpc } = await import('../../../src/main/electron/ipc')

// A key no pattern knows, so only the core's exact secret can catch it; nothing listens on port 9.
const KEY = 'zebra-secret-7741-key'

let h: Harness
beforeAll(async () => {
  // No `secrets` for the server: what scrubs here is the core's redact, not the host's copy of the key.
  h = await startHarness({ core: { apiKey: KEY, baseUrl: 'http://127.0.0.1:9', autoStart: false } })
})
afterAll(() => h.close())

describe('answers and events leave the core scrubbed', () => {
  it('in browser mode: call answers and every frame on the event socket', async () => {
    const ws = await openEvents(h.base, { cookie: h.cookie })
    const frames: string[] = []
    ws.on('message', (d) => frames.push(String(d)))
    try {
      const created = await call(h, 'batch.create', { name: `named ${KEY}`, matrix: SMALL_MATRIX })
      const { batchId } = (created.json as { data: { batchId: string } }).data
      const answers = [await call(h, 'batch.get', { batchId }), await call(h, 'batch.list', {})]
      expect((answers[0]!.json as { data: { batch: { name: string } } }).data.batch.name).toBe('named [redacted]')
      for (const a of answers) expect(a.text).not.toContain(KEY)
      await expect.poll(() => frames.some((f) => f.includes('named [redacted]'))).toBe(true)
      expect(frames.filter((f) => f.includes(KEY))).toEqual([])
    } finally {
      ws.close()
    }
  })

  it('under Electron: IPC answers and the events pushed to the window', async () => {
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
    const unregister = registerIpc(
      { handle: (c: string, fn: never) => handlers.set(c, fn), removeHandler: (c: string) => handlers.delete(c) },
      h.core,
      { isTrusted: () => true },
    )
    const sent: CoreEvent[] = []
    const contents = Object.assign(new EventEmitter(), {
      isDestroyed: () => false,
      send: (_channel: string, e: CoreEvent) => sent.push(e),
    })
    const stop = forwardEvents(h.core, contents as never)
    try {
      const create = handlers.get(callChannel('batch.create'))!
      const created = (await create({}, { name: `ipc ${KEY}`, matrix: SMALL_MATRIX })) as { data: { batchId: string } }
      const got = await handlers.get(callChannel('batch.get'))!({}, { batchId: created.data.batchId })
      expect(JSON.stringify(got)).toContain('ipc [redacted]')
      expect(JSON.stringify(got)).not.toContain(KEY)
      await expect.poll(() => sent.some((e) => JSON.stringify(e).includes('ipc [redacted]'))).toBe(true)
      expect(sent.filter((e) => JSON.stringify(e).includes(KEY))).toEqual([])
    } finally {
      stop()
      unregister()
    }
  })
})
