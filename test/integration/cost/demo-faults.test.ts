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

  it('is refused with a real key, where every failure is real', async () => {
    r = await rig('demo-faults-live', {}, { autoStart: false })
    expect(await r.core.handlers['demo.faults']({})).toEqual({ demoMode: false, faults: null })
    const refused = await dispatch(r.core, 'demo.setFaults', { failed: 1 }, { host: 'browser' })
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } })
  })
})
