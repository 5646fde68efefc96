import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SOUL_STYLES } from '@shared/catalog'
import type { SoulParams } from '@shared/domain'
import { createSegmindClient } from '../../src/main/cloud/client'
import type { Endpoint } from '../../src/main/cloud/types'
import { createCore } from '../../src/main/core'
import type { Logger } from '../../src/main/core-types'
import { startSimulator } from '../../src/simulator'
import { runSdkPoller } from './sdk-poller'
import { summarizeLags, throughputBound, type LagSummary } from './stats'

export interface Scenario {
  name: string
  rpm: number
  images: number
  concurrency: number
  /** 'sdk' = the 1-second fixed-interval baseline; a number pins our poll knob; 'auto' lets budget slack decide. */
  client: 'sdk' | 'auto' | number
}

export interface ScenarioResult extends Scenario {
  saved: number
  failed: number
  /** Every HTTP call the client sent to the API (429s included), per endpoint; downloads listed apart. */
  requests: Record<'submit' | 'status' | 'result' | 'download', number>
  rateLimited: number
  requestsPerImage: number | null
  detectionLagSeconds: LagSummary
  /** Saved images per model-minute, and as a share of the bound the budget and concurrency set. */
  imagesPerMinute: number
  boundPerMinute: number
  throughputShare: number
  wallSeconds: number
  timedOut: boolean
}

const KEY = 'SG_bench0000000000ab'
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} }

function cellsFor(n: number): SoulParams[] {
  return Array.from({ length: n }, (_, i) => ({
    prompt: `benchmark prompt ${i}`,
    enhance_prompt: false,
    style_id: SOUL_STYLES[i % 2]!.id,
    width_and_height: '1536x2048',
    quality: '1080p',
    seed: 1000 + i,
  }))
}

export async function runScenario(s: Scenario, timeScale: number, deadlineSeconds: number): Promise<ScenarioResult> {
  const latencyMean = 40
  const sim = await startSimulator({
    timeScale,
    imageScale: 0.02,
    rpm: s.rpm,
    getsCount: true,
    workers: 256,
    latencyMeanSeconds: latencyMean,
    latencyJitterSeconds: 4,
    apiKeys: [KEY],
    credits: 1e6,
    seed: 7,
  })
  const requests = { submit: 0, status: 0, result: 0, download: 0 }
  let rateLimited = 0
  const onRequest = (e: { endpoint: Endpoint; status: number | null }): void => {
    if (e.endpoint in requests) requests[e.endpoint as keyof typeof requests]++
    if (e.status === 429) rateLimited++
  }
  const home = mkdtempSync(join(tmpdir(), 'soul-bench-'))
  const started = Date.now()
  const deadline = started + deadlineSeconds * 1000
  let saved = 0
  let failed = 0
  let timedOut = false
  try {
    if (s.client === 'sdk') {
      const client = createSegmindClient({ apiKey: KEY, baseUrl: sim.url, timeoutMs: 5000, onRequest })
      const r = await runSdkPoller({
        client,
        cells: cellsFor(s.images),
        concurrency: s.concurrency,
        unitMs: 1000 * timeScale,
        deadline,
      })
      await client.close()
      saved = r.saved
      failed = r.failed
      timedOut = Date.now() > deadline
    } else {
      const core = await createCore({
        home,
        apiKey: KEY,
        baseUrl: sim.url,
        timeScale,
        settings: { plan: 'custom', rpm: s.rpm, concurrency: s.concurrency, getsCountTowardRpm: true, mode: 'async' },
        ...(typeof s.client === 'number' ? { pollAggressiveness: s.client } : {}),
        onRequest,
        log: silent,
      })
      const cells = cellsFor(s.images)
      const prompts = [...new Set(cells.map((c) => c.prompt))].map((prompt) => ({ prompt }))
      await core.handlers['batch.create']({
        matrix: {
          prompts: prompts.slice(0, Math.ceil(s.images / 2)),
          styleIds: [SOUL_STYLES[0]!.id, SOUL_STYLES[1]!.id],
          seeds: { mode: 'shared', count: 1 },
          width_and_height: '1536x2048',
          quality: '1080p',
          style_strength: 1,
          enhance_prompt: false,
        },
      })
      const idle = core.waitForIdle().then(() => false)
      const late = new Promise<boolean>((r) => setTimeout(() => r(true), deadlineSeconds * 1000).unref())
      timedOut = await Promise.race([idle, late])
      const batches = await core.handlers['batch.list']({})
      for (const b of batches) {
        saved += b.counts.saved ?? 0
        failed += (b.counts.failed ?? 0) + (b.counts.unknown ?? 0) + (b.counts.expired ?? 0)
      }
      await core.close()
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
  const wallMs = Date.now() - started
  const lags: number[] = []
  for (const [id, doneAt] of sim.counters.completedAt) {
    const seen = sim.counters.detectedAt.get(id)
    if (seen !== undefined) lags.push(seen - doneAt)
  }
  await sim.stop()
  const modelMinutes = wallMs / timeScale / 60_000
  const imagesPerMinute = saved / modelMinutes
  const boundPerMinute = throughputBound(s.rpm, true, s.concurrency, latencyMean)
  const apiCalls = requests.submit + requests.status + requests.result
  return {
    ...s,
    saved,
    failed,
    requests,
    rateLimited,
    requestsPerImage: saved > 0 ? round(apiCalls / saved) : null,
    detectionLagSeconds: summarizeLags(lags, timeScale),
    imagesPerMinute: round(imagesPerMinute),
    boundPerMinute: round(boundPerMinute),
    throughputShare: round(imagesPerMinute / boundPerMinute),
    wallSeconds: round(wallMs / 1000),
    timedOut,
  }
}

const round = (x: number): number => Math.round(x * 100) / 100
