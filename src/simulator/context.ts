import type { Random } from './faults'
import type { ImageStore } from './image-store'
import type { JobStore } from './jobs'
import type { RateLimiter } from './rate'
import type { SimulatorCounters, SimulatorSettings } from './settings'
import type { Timers } from './timers'

/** Everything a request handler needs; one per running simulator. */
export interface SimContext {
  /** Live settings: update() mutates this object. */
  settings: SimulatorSettings
  counters: SimulatorCounters
  /** The current seeded stream (replaced when the seed setting changes). */
  random: () => Random
  rate: RateLimiter
  jobs: JobStore
  images: ImageStore
  timers: Timers
  /** http://127.0.0.1:PORT, known once listening. */
  base: () => string
  now: () => number
}

/** Headers that tell the client about its rate budget, sent on every answer to a request that has a key. */
export type RateHeaders = Record<string, string>

/** Simulated seconds to wall-clock milliseconds. */
export function scaledMs(ctx: SimContext, seconds: number): number {
  return seconds * ctx.settings.timeScale * 1000
}
