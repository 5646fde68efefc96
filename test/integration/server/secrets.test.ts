import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../../src/simulator/index'
import type { SimulatorHandle } from '../../../src/simulator/settings'
import { call, startHarness, type Harness } from './harness'

// Shaped like a Segmind key, but not one the simulator accepts: every call to it is a 401.
const KEY = 'SG_9f8e7d6c5b4a3921'

let sim: SimulatorHandle
let h: Harness
beforeAll(async () => {
  sim = await startSimulator({ timeScale: 0.005, imageScale: 0.05 })
  h = await startHarness({ core: { apiKey: KEY, baseUrl: sim.url }, server: { secrets: [KEY] } })
})
afterAll(async () => {
  await h.close()
  await sim.stop()
})

describe('the API key over HTTP', () => {
  it('is rejected by the server as an auth error and never echoed to the page', async () => {
    const credits = await call(h, 'credits.check', {})
    expect(credits.json).toMatchObject({ ok: false, error: { kind: 'auth' } })
    const info = await call(h, 'app.info', {})
    expect(info.json).toMatchObject({ ok: true, data: { demoMode: false } })
    for (const r of [credits, info]) {
      expect(r.text).not.toContain(KEY)
      expect(r.text).not.toContain(KEY.slice(3))
    }
  })
})
