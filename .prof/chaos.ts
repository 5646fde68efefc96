import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SOUL_STYLES } from '@shared/catalog'
import { MatrixSchema } from '@shared/domain'
import { createCore } from '../src/main/core'
import { startSimulator } from '../src/simulator'
const KEY = 'SG_00000000000000cc'
const sim = await startSimulator({ apiKeys: [KEY], timeScale: 0.002, imageScale: 0.03, workers: 64, rpm: 400, ttlSeconds: 1e6, seed: 1,
  faults: { get5xx: 0.1, burst429: 0.03, failed: 0.03, corruptImage: 0.02, getReset: 0.02, imageReset: 0.02 } })
const home = mkdtempSync(join(tmpdir(), 'prof-'))
const core = await createCore({ home, apiKey: KEY, baseUrl: sim.url, timeScale: 0.002, settings: { rpm: 500, concurrency: 96 } })
const matrix = MatrixSchema.parse({ prompts: Array.from({ length: 100 }, (_, i) => ({ prompt: `p ${i}` })), styleIds: SOUL_STYLES.map((s) => s.id), width_and_height: '1152x1536', quality: '720p' })
const t0 = Date.now()
await core.handlers['batch.create']({ matrix })
await core.waitForIdle()
console.log('done', Date.now() - t0); for (const [k, v] of (globalThis as any).__cstats) console.log(k, v[0], v[1].toFixed(0), (v[1]/v[0]).toFixed(2))
await core.close(); await sim.stop()
