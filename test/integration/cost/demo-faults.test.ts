import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core'
import type { Core } from '../../../src/main/core-types'
import { dispatch } from '../../../src/main/server/dispatch'
import { FAST_DEMO, matrix, rig, type Rig } from '../core/helpers'

let core: Core | null = null
let r: Rig | null = null
let root: string | null = null
afterEach(async () => {
  await core?.close()
  await r?.close()
  if (root) rmSync(root, { recursive: true, force: true })
  core = null
  r = null
  root = null
})

describe('demo-mode fault injection from Settings > Advanced', () => {
  it('changes the built-in simulator at once: with every job failing, the batch fails', async () => {
    root = mkdtempSync(join(tmpdir(), 'soul-demo-faults-'))
    core = await createCore({ home: join(root, 'library'), demo: FAST_DEMO, settings: { rpm: 6000, concurrency: 4 } })
    const before = await core.handlers['demo.faults']({})
    expect(before).toMatchObject({ demoMode: true, faults: { failed: 0 } })
    const after = await dispatch(core, 'demo.setFaults', { failed: 1 }, { host: 'browser' })
    expect(after).toMatchObject({ ok: true, data: { faults: { failed: 1, get5xx: 0 } } })
    const bad = await dispatch(core, 'demo.setFaults', { failed: 2 }, { host: 'browser' })
    expect(bad).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: 'failed: A fault rate is from 0% to 100%.' },
    })

    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['rehearse a failure']) })
    await core.waitForIdle()
    expect((await core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ failed: 2 })
  })

  it('keeps the rehearsed rates in the library across a restart; SOUL_BATCH_DEMO wins for the faults it names', async () => {
    root = mkdtempSync(join(tmpdir(), 'soul-demo-faults-'))
    const home = join(root, 'library')
    const first = await createCore({ home, demo: FAST_DEMO })
    await first.handlers['demo.setFaults']({ failed: 0.25, get5xx: 0.1 })
    await first.close()

    core = await createCore({ home, demo: FAST_DEMO })
    expect(await core.handlers['demo.faults']({})).toMatchObject({
      demoMode: true,
      faults: { failed: 0.25, get5xx: 0.1 },
    })
    await core.close()

    // The environment names `failed` for this run: it wins there; the saved get5xx still applies.
    core = await createCore({ home, demo: { ...FAST_DEMO, faults: { failed: 0.5 } } })
    expect(await core.handlers['demo.faults']({})).toMatchObject({ faults: { failed: 0.5, get5xx: 0.1 } })
    // A damaged saved entry is ignored: demo mode still starts, with the environment's rates.
    await core.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(join(home, 'soul-batch.db'))
    db.prepare("UPDATE meta SET value = '{not json' WHERE key = 'demoFaults'").run()
    db.close()
    core = await createCore({ home, demo: FAST_DEMO })
    expect(await core.handlers['demo.faults']({})).toMatchObject({ faults: { failed: 0, get5xx: 0 } })
  })

  it('is refused with a real key, where every failure is real', async () => {
    r = await rig('demo-faults-live', {}, { autoStart: false })
    expect(await r.core.handlers['demo.faults']({})).toEqual({ demoMode: false, faults: null })
    const refused = await dispatch(r.core, 'demo.setFaults', { failed: 1 }, { host: 'browser' })
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } })
  })
})
