/**
 * Shared set-up for the cloud contract tests: a real simulator on loopback and a real client pointed at it.
 * Fast settings (timeScale, small images) keep each file well under a few seconds.
 */
import type { SoulParams } from '@shared/domain/params'
import { AppError } from '@shared/errors'
import { createSegmindClient } from '../../../src/main/cloud/client'
import type {
  ClientOptions,
  Endpoint,
  ResultAnswer,
  SegmindApi,
  StatusAnswer,
  Submitted,
} from '../../../src/main/cloud/types'
import { startSimulator, type SimulatorHandle, type SimulatorSettingsInput } from '../../../src/simulator/index'

export const KEY = 'SG_0123456789abcdef'

export const PARAMS: SoulParams = {
  prompt: 'a lighthouse keeper reading by candlelight',
  enhance_prompt: false,
  style_id: '6fb3e1f5-d721-4523-ac38-9902f2b2b850',
  width_and_height: '1536x1536',
  quality: '720p',
  seed: 4242,
}

export const FAST: SimulatorSettingsInput = {
  timeScale: 0.005,
  imageScale: 0.05,
  latencyMeanSeconds: 4,
  latencyJitterSeconds: 0,
  apiKeys: [KEY],
}

export interface Harness {
  sim: SimulatorHandle
  client: SegmindApi
  calls: { endpoint: Endpoint; status: number | null }[]
  stop(): Promise<void>
}

export async function startHarness(
  settings: SimulatorSettingsInput = {},
  client: Partial<ClientOptions> = {},
): Promise<Harness> {
  const sim = await startSimulator({ ...FAST, ...settings })
  const calls: Harness['calls'] = []
  const api = createSegmindClient({
    apiKey: KEY,
    baseUrl: sim.url,
    timeoutMs: 2_000,
    onRequest: (e) => calls.push({ endpoint: e.endpoint, status: e.status }),
    ...client,
  })
  return {
    sim,
    client: api,
    calls,
    async stop() {
      await sim.stop()
      await api.close()
    },
  }
}

export function tick(ms = 10): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Polls like the scheduler would, but bounded by a count, never by a clock. */
export async function pollUntilDone(client: SegmindApi, submitted: Submitted, maxPolls = 1_000): Promise<StatusAnswer> {
  for (let i = 0; i < maxPolls; i++) {
    const s = await client.status(submitted.statusUrl)
    if (s.status === 'COMPLETED' || s.status === 'FAILED') return s
    await tick()
  }
  throw new Error(`job ${submitted.requestId} did not finish within ${maxPolls} polls`)
}

export async function runToResult(
  client: SegmindApi,
  params: SoulParams = PARAMS,
): Promise<{ submitted: Submitted; status: StatusAnswer; result: ResultAnswer }> {
  const submitted = await client.submit(params)
  const status = await pollUntilDone(client, submitted)
  const result = await client.result(submitted.responseUrl)
  return { submitted, status, result }
}

/** Runs `fn`, expects an AppError, returns it (a resolved call fails the test). */
export async function caught(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw new Error(`expected an AppError, got ${String(e)}`)
  }
  throw new Error('expected the call to fail, it succeeded')
}
