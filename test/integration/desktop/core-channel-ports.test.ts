import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MessageChannel } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { parentPortChannel, workerChannel } from '../../../src/main/channel/ports'
import { connectCore } from '../../../src/main/channel/remote-core'
import { serveCore } from '../../../src/main/channel/serve-core'
import { createCore } from '../../../src/main/core'

const dir = mkdtempSync(join(tmpdir(), 'soul-ports-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the channel over the other port adapters', () => {
  it('a real core behind a worker_threads MessagePort answers calls, and closes on request', async () => {
    const core = await createCore({
      home: join(dir, 'home'),
      demo: { timeScale: 0.005, imageScale: 0.05 },
      autoStart: false,
    })
    const { port1, port2 } = new MessageChannel()
    let closed = false
    serveCore(core, workerChannel(port1), { onClosed: () => (closed = true) })
    const remote = connectCore(workerChannel(port2))
    await expect(remote.ready).resolves.toMatchObject({ home: join(dir, 'home'), demoMode: true })
    await expect(remote.call('settings.get', {})).resolves.toMatchObject({ ok: true, data: { plan: 'free' } })
    await expect(remote.call('settings.update', { rpm: -3 })).resolves.toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    })
    // Junk sent to the core is ignored and logged, and the channel keeps working.
    port2.postMessage({ t: 'call', id: 'x' })
    await expect(remote.call('queue.status', {})).resolves.toMatchObject({ ok: true })
    await remote.close()
    expect(closed).toBe(true)
    port1.close()
  })

  it("Electron's parentPort shape: messages arrive wrapped in { data } and listeners come off again", () => {
    const port = Object.assign(new EventEmitter(), {
      posted: [] as unknown[],
      postMessage(m: unknown) {
        this.posted.push(m)
      },
    })
    const channel = parentPortChannel(port)
    const got: unknown[] = []
    const off = channel.onMessage((m) => got.push(m))
    port.emit('message', { data: { t: 'close', id: 1 } })
    off()
    port.emit('message', { data: { t: 'close', id: 2 } })
    channel.post({ t: 'ready' })
    expect(got).toEqual([{ t: 'close', id: 1 }])
    expect(port.posted).toEqual([{ t: 'ready' }])
  })
})
