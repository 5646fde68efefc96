import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CALL_NAMES, type CoreEvent } from '@shared/contracts'
import { CORE_EVENT_CHANNEL, callChannel } from '@shared/contracts/bridge'
import { createCore } from '../../../src/main/core'
import type { Core } from '../../../src/main/core-types'

vi.mock('electron', () => ({}))
const { forwardEvents, registerIpc } = await import('../../../src/main/electron/ipc')

type Handler = (event: unknown, input: unknown) => Promise<unknown>

/** ipcMain's two methods registerIpc uses, recording what it registers. */
class FakeIpcMain {
  handlers = new Map<string, Handler>()
  handle(channel: string, h: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, h)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
}

const trusted = { senderFrame: { url: 'app://renderer/index.html', parent: null } }
const stranger = { senderFrame: { url: 'https://evil.example/', parent: null } }

let root: string
let core: Core
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'soul-ipc-'))
  core = await createCore({ home: join(root, 'home'), demo: { timeScale: 0.005, imageScale: 0.05 }, autoStart: false })
})
afterAll(async () => {
  await core.close()
  rmSync(root, { recursive: true, force: true })
})

describe('IPC registration', () => {
  it('registers one handler per contract, each on its own channel, and removes them all again', () => {
    const ipc = new FakeIpcMain()
    const unregister = registerIpc(ipc as never, core, { isTrusted: (e) => e === (trusted as never) })
    expect([...ipc.handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort())
    unregister()
    expect(ipc.handlers.size).toBe(0)
  })

  it('answers our renderer through dispatch, and refuses any other frame', async () => {
    const ipc = new FakeIpcMain()
    const unregister = registerIpc(ipc as never, core, { isTrusted: (e) => e === (trusted as never) })
    try {
      const info = ipc.handlers.get(callChannel('app.info'))!
      await expect(info(trusted, {})).resolves.toMatchObject({ ok: true, data: { host: 'electron', demoMode: true } })
      await expect(info(stranger, {})).rejects.toThrow(/not the Soul Batch window/)
      const create = ipc.handlers.get(callChannel('batch.create'))!
      await expect(create(trusted, { matrix: { prompts: [] } })).resolves.toMatchObject({
        ok: false,
        error: {
          kind: 'validation',
          issues: expect.arrayContaining([{ path: 'matrix.prompts', message: 'add at least one prompt' }]),
        },
      })
    } finally {
      unregister()
    }
  })

  it('forwards core events to the window until it is destroyed', async () => {
    const sent: [string, CoreEvent][] = []
    const contents = Object.assign(new EventEmitter(), {
      destroyed: false,
      isDestroyed() {
        return this.destroyed
      },
      send(channel: string, e: CoreEvent) {
        sent.push([channel, e])
      },
    })
    forwardEvents(core, contents as never)
    await core.handlers['queue.pause']({})
    await expect.poll(() => sent.length).toBeGreaterThan(0)
    expect(sent.every(([channel]) => channel === CORE_EVENT_CHANNEL)).toBe(true)
    expect(sent.some(([, e]) => e.type === 'queue' && e.queue.paused)).toBe(true)
    contents.emit('destroyed')
    const count = sent.length
    await core.handlers['queue.resume']({})
    await core.handlers['queue.pause']({})
    expect(sent.length).toBe(count)
  })
})
