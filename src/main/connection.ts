import { DEFAULT_BASE_URL } from '@shared/catalog'
import { startSimulator, type SimulatorHandle } from '../simulator'
import type { SimulatorSettingsInput } from '../simulator/settings'
import { createSegmindClient, normalizeBaseUrl } from './cloud/client'
import type { RequestObserver, SegmindApi } from './cloud/types'

const DEMO_KEY = 'SG_0000000000000000'

export type KeySource = 'env' | 'stored' | 'none'

/** The key the core runs on and where it came from; null = demo mode. */
export interface LiveKey {
  value: string
  source: Exclude<KeySource, 'none'>
}

/** What the core talks to: Segmind (or a proxy) with a key, or the in-process simulator in demo mode. */
export interface Connection {
  client: SegmindApi
  simulator: SimulatorHandle | null
  apiKey: string
  baseUrl: string
  apiHost: string
  timeScale: number
  source: KeySource
}

export interface ConnectOptions {
  /** SEGMIND_BASE_URL or Segmind's own. */
  baseUrl?: string
  /** The host's time scale; demo mode defaults to the simulator's. */
  timeScale?: number
  demo?: SimulatorSettingsInput
  onRequest: RequestObserver
}

/** Checks a base URL the key would travel to (https, or loopback); throws a readable AppError when it may not. */
export function checkLiveBaseUrl(baseUrl: string | undefined): void {
  normalizeBaseUrl(baseUrl ?? DEFAULT_BASE_URL)
}

/**
 * Opens a connection for `key`, or the demo simulator for null. Switching keys builds a new one, so the old
 * client's sockets and the old simulator close only after the scheduler has moved over.
 */
export async function connect(key: LiveKey | null, opts: ConnectOptions): Promise<Connection> {
  let simulator: SimulatorHandle | null = null
  let apiKey: string
  let baseUrl: string
  let timeScale = opts.timeScale ?? 1
  if (key) {
    apiKey = key.value
    baseUrl = opts.baseUrl ?? DEFAULT_BASE_URL
  } else {
    simulator = await startSimulator({
      timeScale: Number(process.env.SOUL_BATCH_DEMO_TIME_SCALE ?? 0.1),
      imageScale: Number(process.env.SOUL_BATCH_DEMO_IMAGE_SCALE ?? 0.5),
      ...opts.demo,
    })
    apiKey = simulator.settings.apiKeys[0] ?? DEMO_KEY
    baseUrl = simulator.url
    timeScale = opts.timeScale ?? simulator.settings.timeScale
  }
  try {
    const client = createSegmindClient({
      apiKey,
      baseUrl,
      // Against a time-scaled simulator a hung request should not hold a cell for real-world 30 s.
      ...(timeScale < 1 ? { timeoutMs: Math.max(5000, Math.round(30_000 * timeScale)) } : {}),
      onRequest: opts.onRequest,
    })
    return {
      client,
      simulator,
      apiKey,
      baseUrl,
      apiHost: new URL(baseUrl).host,
      timeScale,
      source: key ? key.source : 'none',
    }
  } catch (e) {
    await simulator?.stop()
    throw e
  }
}
