import type { SimulatorCounters } from './settings'

export type CountedEndpoint = keyof SimulatorCounters['requests']

export function newCounters(): SimulatorCounters {
  return {
    requests: { submit: 0, status: 0, result: 0, poll_v1: 0, sync: 0, credits: 0, image: 0, other: 0 },
    submitsByKey: new Map(),
    rateLimited: 0,
    completed: 0,
    failed: 0,
    completedAt: new Map(),
    detectedAt: new Map(),
  }
}

/** Zeroes in place, so a test holding `sim.counters` keeps seeing the live object. */
export function resetCounters(c: SimulatorCounters): void {
  for (const k of Object.keys(c.requests) as CountedEndpoint[]) c.requests[k] = 0
  c.submitsByKey.clear()
  c.rateLimited = 0
  c.completed = 0
  c.failed = 0
  c.completedAt.clear()
  c.detectedAt.clear()
}

/** The key tests use to prove a cell was submitted once: `prompt|style_id|seed` ('none' without a seed). */
export function submitKey(prompt: string, styleId: string, seed: number | undefined): string {
  return `${prompt}|${styleId}|${seed ?? 'none'}`
}
