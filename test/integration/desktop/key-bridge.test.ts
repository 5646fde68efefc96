import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import type { CoreEvent } from '@shared/contracts'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator'
import { keyFilePath } from '../../../src/main/key-store'
import { existsSync } from 'node:fs'
import { closeCore, MemoryKeychain, startDesktopCore } from './desktop-core-process'

const KEY = 'SG_keychain0bridge7a'

let dir: string
let sim: SimulatorHandle
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soul-key-bridge-'))
  sim = await startSimulator({ timeScale: 0.005, imageScale: 0.05, apiKeys: [KEY] })
})
afterAll(async () => {
  await sim.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Ok<T> = { ok: true; data: T }
interface Status {
  source: string
  stored: boolean
  last4: string | null
  demoMode: boolean
  storage: string
}

describe("the desktop key bridge: the core keeps its saved key in main's keychain, over the channel", () => {
  it('saves, loads at the next start, and removes through a real child process', async () => {
    const home = join(dir, 'lib')
    const keychain = new MemoryKeychain()
    const revealed: string[] = []
    const env = { SEGMIND_BASE_URL: sim.url }

    const first = startDesktopCore({ home, keychain, revealed, env })
    await first.core.ready
    expect(keychain.calls).toEqual(['load']) // asked once, before the core opened
    const before = (await first.core.call('key.status', {})) as Ok<Status>
    expect(before.data).toMatchObject({ source: 'none', stored: false, demoMode: true, storage: 'keychain' })

    const saved = (await first.core.call('key.save', { key: KEY })) as Ok<Status>
    expect(saved.ok).toBe(true)
    expect(saved.data).toMatchObject({ source: 'stored', stored: true, last4: KEY.slice(-4), demoMode: false })
    expect(keychain.value).toBe(KEY)
    // The keychain replaced the 0600 file: nothing was written beside the library.
    expect(existsSync(keyFilePath(home))).toBe(false)
    await closeCore(first.child, first.core)

    // A new start: the key comes back from the keychain and the core opens live on it.
    const second = startDesktopCore({ home, keychain, revealed, env })
    const facts = await second.core.ready
    expect(facts.demoMode).toBe(false)
    const credits = await second.core.call('key.test', {})
    expect(credits.ok).toBe(true)

    const removed = (await second.core.call('key.remove', {})) as Ok<Status>
    expect(removed.data).toMatchObject({ source: 'none', stored: false, demoMode: true })
    expect(keychain.value).toBeNull()
    expect(keychain.calls).toEqual(['load', 'save', 'load', 'remove'])
    await closeCore(second.child, second.core)
  })

  it('a keychain that refuses says so in its own words; the core stays in demo mode and the key is not echoed', async () => {
    const keychain = new MemoryKeychain()
    keychain.refuse = 'This system offers no keychain to keep the API key safe, so it was not saved.'
    const { child, core } = startDesktopCore({
      home: join(dir, 'refused'),
      keychain,
      revealed: [],
      env: { SEGMIND_BASE_URL: sim.url },
    })
    await core.ready
    const answer = await core.call('key.save', { key: KEY })
    expect(answer).toMatchObject({ ok: false, error: { kind: 'io', message: keychain.refuse } })
    expect(JSON.stringify(answer)).not.toContain(KEY)
    const status = (await core.call('key.status', {})) as Ok<Status>
    expect(status.data).toMatchObject({ stored: false, demoMode: true })
    await closeCore(child, core)
  })
})

describe('Reveal in folder through the channel', () => {
  it('the core asks main to show an image of the library; main shows only files inside the library', async () => {
    const home = join(dir, 'reveal')
    const revealed: string[] = []
    const { child, core } = startDesktopCore({ home, keychain: new MemoryKeychain(), revealed })
    await core.ready
    const events: CoreEvent[] = []
    core.onEvent((e) => events.push(e))
    const created = (await core.call('batch.create', {
      matrix: {
        prompts: [{ prompt: 'a lantern to reveal' }],
        styleIds: [SOUL_STYLES[0]!.id],
        width_and_height: '1152x1536',
        quality: '720p',
      },
    })) as Ok<{ batchId: string }>
    await expect
      .poll(
        () =>
          events.some((e) => e.type === 'cell' && e.cell.batchId === created.data.batchId && e.cell.state === 'saved'),
        {
          timeout: 30_000,
        },
      )
      .toBe(true)
    const detail = (await core.call('batch.get', { batchId: created.data.batchId })) as Ok<{
      cells: { image: { id: string } | null }[]
    }>
    const imageId = detail.data.cells[0]!.image!.id
    expect(await core.call('library.reveal', { id: imageId })).toEqual({ ok: true, data: { ok: true } })
    await expect.poll(() => revealed.length, { timeout: 10_000 }).toBe(1)
    expect(revealed[0]!.startsWith(home)).toBe(true)
    expect(revealed[0]).toMatch(/\.(png|jpe?g|webp)$/)
    await closeCore(child, core)
  })
})

describe('main checks what the core asks it to reveal', () => {
  it('refuses a path outside the library, the library folder itself, and a link that leads out of it', async () => {
    const { answerRevealRequests } = await import('../../../src/main/channel/reveal-bridge')
    const home = mkdtempSync(join(dir, 'home-'))
    const outside = join(dir, 'outside.txt')
    writeFileSync(outside, 'not a library file')
    writeFileSync(join(home, 'inside.png'), 'x')
    symlinkSync(outside, join(home, 'link-out.png'))
    let listener: ((m: unknown) => void) | null = null
    const port = { post: () => undefined, onMessage: (l: (m: unknown) => void) => ((listener = l), () => undefined) }
    const revealed: string[] = []
    const warnings: string[] = []
    const log = {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => warnings.push(m),
      error: () => undefined,
    }
    answerRevealRequests(port, { home, reveal: (p) => revealed.push(p), log })
    for (const path of [
      outside,
      home,
      join(home, 'link-out.png'),
      join(home, '..', 'outside.txt'),
      join(home, 'missing.png'),
    ])
      listener!({ t: 'reveal', path })
    listener!({ t: 'reveal', path: '' }) // malformed: dropped
    expect(revealed).toEqual([])
    expect(warnings).toHaveLength(5)
    listener!({ t: 'reveal', path: join(home, 'inside.png') })
    expect(revealed).toHaveLength(1)
  })
})

describe('the key bridge at its edges (both ends in this process, over a real MessageChannel)', () => {
  it("a keychain error that quotes the key reaches the core and main's log without it", async () => {
    const { MessageChannel } = await import('node:worker_threads')
    const { workerChannel } = await import('../../../src/main/channel/ports')
    const { answerKeyRequests, remoteKeyStore } = await import('../../../src/main/channel/key-bridge')
    const { port1, port2 } = new MessageChannel()
    try {
      const logged: string[] = []
      const log = {
        debug: () => undefined,
        info: () => undefined,
        warn: (m: string, d?: Record<string, unknown>) => void logged.push(m + JSON.stringify(d)),
        error: () => undefined,
      }
      const leaky = new MemoryKeychain()
      leaky.refuse = `could not store ${KEY} in the login keyring`
      answerKeyRequests(workerChannel(port1), leaky, { log })
      const store = await remoteKeyStore(workerChannel(port2))
      expect(store.load()).toBeNull()
      const error = await Promise.resolve(store.save(KEY)).catch((e: Error) => e)
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toContain('could not store')
      expect((error as Error).message).not.toContain(KEY)
      expect(logged.join('\n')).toContain('keychain request failed')
      expect(logged.join('\n')).not.toContain(KEY)
      expect(store.load()).toBeNull() // not saved, so not remembered as saved
    } finally {
      port1.close()
      port2.close()
    }
  })

  it('a main that never answers: the core does not wait forever, and starts without a saved key', async () => {
    const { MessageChannel } = await import('node:worker_threads')
    const { workerChannel } = await import('../../../src/main/channel/ports')
    const { remoteKeyStore } = await import('../../../src/main/channel/key-bridge')
    const { port1, port2 } = new MessageChannel()
    try {
      port1.on('message', () => undefined) // main is there but silent
      const store = await remoteKeyStore(workerChannel(port2), { timeoutMs: 200 })
      expect(() => store.load()).toThrow(/did not answer in time/)
      await expect(Promise.resolve(store.remove())).rejects.toThrow(/did not answer in time/)
    } finally {
      port1.close()
      port2.close()
    }
  })
})
