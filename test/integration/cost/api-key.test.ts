import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator'
import { createCore } from '../../../src/main/core'
import type { Core, CoreOptions } from '../../../src/main/core-types'
import { keyFilePath } from '../../../src/main/key-store'
import { dispatch } from '../../../src/main/server/dispatch'
import { FAST_DEMO, matrix } from '../core/helpers'

/** Not shaped like SG_…, so only the core's own list of keys (not the pattern scrubber) can hide it. */
const LIVE_KEY = 'live-key-7f3a9c2e1b5d'
const OTHER_KEY = 'other-key-0000111122'

let root: string
let home: string
let sim: SimulatorHandle
const cores: Core[] = []
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'soul-key-'))
  home = join(root, 'library')
  sim = await startSimulator({ ...FAST_DEMO, apiKeys: [LIVE_KEY] })
})
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close()
  await sim.stop()
  rmSync(root, { recursive: true, force: true })
})

async function open(extra: Partial<CoreOptions> = {}): Promise<Core> {
  const core = await createCore({
    home,
    baseUrl: sim.url,
    demo: FAST_DEMO,
    settings: { rpm: 6000, concurrency: 4 },
    timeScale: FAST_DEMO.timeScale,
    ...extra,
  })
  cores.push(core)
  return core
}

describe('the API key entered in Settings (browser mode and CLI store)', () => {
  it('starts in demo mode, tests a key, saves it 0600 beside the library and switches live without a restart', async () => {
    const core = await open()
    expect(core.demoMode).toBe(true)
    expect(await core.handlers['key.status']({})).toMatchObject({ source: 'none', stored: false, demoMode: true })

    const wrong = await dispatch(core, 'key.test', { key: OTHER_KEY }, { host: 'browser' })
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'auth' } })
    const right = await dispatch(core, 'key.test', { key: LIVE_KEY }, { host: 'browser' })
    expect(right).toMatchObject({ ok: true, data: { credits: expect.any(Number) } })
    expect(core.demoMode).toBe(true) // testing changes nothing

    const saved = await core.handlers['key.save']({ key: LIVE_KEY })
    expect(saved).toEqual({
      source: 'stored',
      stored: true,
      last4: LIVE_KEY.slice(-4),
      demoMode: false,
      apiHost: new URL(sim.url).host,
      storage: 'file',
    })
    expect(core.demoMode).toBe(false)
    expect((await core.handlers['app.info']({})).demoMode).toBe(false)

    const file = keyFilePath(home)
    expect(file.startsWith(home + sep)).toBe(false) // outside the library: copying it never copies the key
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toContain(LIVE_KEY)

    // The queue now runs against the server the key belongs to.
    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['after the key']) })
    await core.waitForIdle()
    expect((await core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ saved: 2 })
    expect(sim.counters.requests.submit).toBe(2)
  })

  it('a stored key is used on the next start; remove goes back to demo mode at once', async () => {
    const first = await open()
    await first.handlers['key.save']({ key: LIVE_KEY })
    await first.close()
    cores.splice(0)

    const second = await open()
    expect(second.demoMode).toBe(false)
    expect(await second.handlers['key.status']({})).toMatchObject({ source: 'stored', stored: true })
    const removed = await second.handlers['key.remove']({})
    expect(removed).toMatchObject({ source: 'none', stored: false, demoMode: true, last4: null })
    expect(second.demoMode).toBe(true)
    expect(existsSync(keyFilePath(home))).toBe(false)
    // Demo mode works again: a batch completes on the in-process simulator, not on the live one.
    const { batchId } = await second.handlers['batch.create']({ matrix: matrix(['back to demo']) })
    await second.waitForIdle()
    expect((await second.handlers['batch.get']({ batchId })).batch.counts).toEqual({ saved: 2 })
    expect(sim.counters.requests.submit).toBe(0)
  })

  it('SEGMIND_API_KEY wins over a stored key, and Settings is told so', async () => {
    const core = await open({ apiKey: LIVE_KEY })
    const status = await core.handlers['key.save']({ key: OTHER_KEY })
    expect(status).toMatchObject({ source: 'env', stored: true, last4: LIVE_KEY.slice(-4), demoMode: false })
    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['env wins']) })
    await core.waitForIdle()
    expect((await core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ saved: 2 })
  })

  it('a malformed key is refused in words, and nothing is saved', async () => {
    const core = await open()
    const bad = await dispatch(core, 'key.save', { key: 'has spaces in it' }, { host: 'browser' })
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } })
    if (!bad.ok) expect(bad.error.message).toContain('no spaces')
    expect(existsSync(keyFilePath(home))).toBe(false)
  })
})
