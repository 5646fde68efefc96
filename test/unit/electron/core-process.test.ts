import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

/** utilityProcess.fork's child as main sees it: postMessage out, 'message' and 'exit' events in. */
class FakeUtilityChild extends EventEmitter {
  sent: unknown[] = []
  postMessage(m: unknown): void {
    this.sent.push(m)
  }
}
const forks: {
  path: string
  args: string[]
  options: { env: Record<string, string>; serviceName: string; execArgv?: string[] }
  child: FakeUtilityChild
}[] = []

vi.mock('electron', () => ({
  utilityProcess: {
    fork: (
      path: string,
      args: string[],
      options: { env: Record<string, string>; serviceName: string; execArgv?: string[] },
    ) => {
      const child = new FakeUtilityChild()
      forks.push({ path, args, options, child })
      return child
    },
  },
}))
const { startCoreProcess } = await import('../../../src/main/electron/core-process')

describe('the core in a utility process', () => {
  it('forks out/main/core-host.js with the library and log folder, and talks the channel protocol', async () => {
    const core = startCoreProcess({ mainDir: '/app/out/main', home: '/lib', logDir: '/logs' })
    const f = forks.at(-1)!
    expect(f.path).toBe('/app/out/main/core-host.js')
    expect(f.options.serviceName).toBe('Soul Batch core')
    // The core host's young generation is kept small (core-host-flags.ts): short GC pauses on its event loop.
    expect(f.options.execArgv).toEqual(['--max-semi-space-size=8'])
    expect(f.options.env).toMatchObject({ SOUL_BATCH_HOME: '/lib', SOUL_BATCH_LOG_DIR: '/logs' })

    const facts = { home: '/lib', logDir: '/logs', demoMode: true, apiHost: '127.0.0.1:1' }
    f.child.emit('message', { t: 'ready', facts })
    await expect(core.ready).resolves.toEqual(facts)
    const answer = core.call('queue.status', {})
    expect(f.child.sent).toEqual([{ t: 'call', id: 1, name: 'queue.status', input: {} }])
    f.child.emit('message', { t: 'result', id: 1, result: { ok: true, data: { paused: false } } })
    await expect(answer).resolves.toEqual({ ok: true, data: { paused: false } })
    const events: unknown[] = []
    core.onEvent((e) => events.push(e))
    f.child.emit('message', { t: 'event', event: { type: 'queue', queue: {} } })
    // Junk on the channel is dropped, not delivered.
    f.child.emit('message', { t: 'event', event: 'not an event' })
    expect(events).toEqual([{ type: 'queue', queue: {} }])
  })

  it('when the process dies, waiting calls fail with a sentence and later ones fail at once', async () => {
    const core = startCoreProcess({ mainDir: '/m', home: '/h', logDir: '/l' })
    const f = forks.at(-1)!
    const waiting = core.call('batch.list', {})
    f.child.emit('exit', 9)
    await expect(waiting).resolves.toMatchObject({
      ok: false,
      error: { kind: 'internal', message: 'The Soul Batch core stopped (the core process exited with code 9).' },
    })
    await expect(core.ready).rejects.toThrow('exited with code 9')
    await expect(core.imagePath('x', 'full')).resolves.toBeNull()
    expect((await core.call('app.info', {})).ok).toBe(false)
  })

  it('with a keychain and a reveal function: tells the core, answers its key requests and reveals only library files', async () => {
    const home = mkdtempSync(join(tmpdir(), 'soul-core-process-'))
    try {
      writeFileSync(join(home, 'a.png'), 'x')
      let stored: string | null = 'SG_stored000000key'
      const heard: string[] = []
      const revealed: string[] = []
      startCoreProcess({
        mainDir: '/m',
        home,
        logDir: '/l',
        keyStore: {
          kind: 'keychain',
          load: () => stored,
          save: (k) => void (stored = k),
          remove: () => void (stored = null),
        },
        onKey: (k) => heard.push(k),
        revealFile: (p) => revealed.push(p),
      })
      const f = forks.at(-1)!
      expect(f.options.env).toMatchObject({ SOUL_BATCH_MAIN_SERVICES: '1' })
      f.child.emit('message', { t: 'key', id: 1, op: 'load' })
      f.child.emit('message', { t: 'key', id: 2, op: 'save', key: 'SG_new0000000000key' })
      await vi.waitFor(() => expect(f.child.sent).toHaveLength(2))
      expect(f.child.sent).toEqual([
        { t: 'key-answer', id: 1, ok: true, key: 'SG_stored000000key' },
        { t: 'key-answer', id: 2, ok: true, key: null },
      ])
      expect(stored).toBe('SG_new0000000000key')
      expect(heard).toEqual(['SG_stored000000key', 'SG_new0000000000key'])
      f.child.emit('message', { t: 'reveal', path: '/etc/passwd' })
      f.child.emit('message', { t: 'reveal', path: join(home, 'a.png') })
      expect(revealed).toHaveLength(1)
      expect(revealed[0]!.endsWith('a.png')).toBe(true)
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })

  it('without them the core is not told to ask main (it keeps the 0600 file store)', () => {
    startCoreProcess({ mainDir: '/m', home: '/h', logDir: '/l' })
    expect(forks.at(-1)!.options.env.SOUL_BATCH_MAIN_SERVICES).toBeUndefined()
  })
})
