import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { MatrixSchema } from '@shared/domain'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator'
import { createCore } from '../../../src/main/core'
import { createLogger } from '../../../src/main/log'
import { generateLibrary } from '../../bench/library-generate'

/**
 * With a library of a few thousand images, a started core answers the first gallery page and sends its first
 * submit while the whole-library scan is still running (it used to hold every submit until it finished).
 */
let home = ''
let sim: SimulatorHandle
beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'soul-batch-scan-order-'))
  await generateLibrary(home, 3000, () => {})
  sim = await startSimulator({ timeScale: 0.001, imageScale: 0.05, apiKeys: ['SG_scanorder000000'], rpm: 0 })
})
afterAll(async () => {
  await sim.stop()
  rmSync(home, { recursive: true, force: true })
})

describe('the start-up scan runs behind the queue and the gallery', () => {
  it('first page and first submit both come before the scan ends', async () => {
    let scanDone = false
    let submittedDuringScan: boolean | null = null
    // A batch waiting in the library before start, so the queue has something to submit at once.
    const setup = await createCore({ home, apiKey: 'SG_scanorder000000', baseUrl: sim.url, autoStart: false })
    await setup.handlers['batch.create']({
      matrix: MatrixSchema.parse({
        prompts: [{ prompt: 'scan order probe' }],
        styleIds: [SOUL_STYLES[0]!.id],
        width_and_height: '1536x2048',
      }),
    })
    await setup.close()

    const core = await createCore({
      home,
      apiKey: 'SG_scanorder000000',
      baseUrl: sim.url,
      timeScale: 0.001,
      log: createLogger(() => {}),
      onRequest: (e) => {
        if (e.endpoint === 'submit' && submittedDuringScan === null) submittedDuringScan = !scanDone
      },
    })
    const scanned = core.whenScanned().then(() => {
      scanDone = true
    })
    const first = await core.handlers['library.list']({ filter: {}, sort: 'newest', limit: 100, withTotal: false })
    const pageBeforeScan = !scanDone
    expect(first.items).toHaveLength(100)
    await scanned
    await core.waitForIdle()
    await core.close()
    expect(pageBeforeScan).toBe(true)
    expect(submittedDuringScan).toBe(true)
  })
})
