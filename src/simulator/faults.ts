/**
 * Seeded randomness for the simulator. One stream per simulator (settings.seed) so a test run that injects
 * faults at a rate below 1 sees the same faults every time.
 */

export type Random = () => number

/** mulberry32: tiny, fast, good enough for fault draws and image layouts; returns [0, 1). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a over a string: a stable 32-bit seed from text (image layouts derive from prompt/style/seed). */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** True with probability `rate`. Rates 0 and 1 never consume ambiguity: 0 is never, 1 is always. */
export function draw(random: Random, rate: number): boolean {
  if (rate <= 0) return false
  if (rate >= 1) return true
  return random() < rate
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

/** Normal deviate by Box-Muller. */
export function normal(random: Random, mean: number, stdDev: number): number {
  if (stdDev <= 0) return mean
  const u = 1 - random()
  const v = random()
  return mean + stdDev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/**
 * A job's inference time in real-model seconds: normal(mean, jitter) clamped to at least 1 s, because no
 * real generation is instant and a zero latency would hide polling bugs.
 */
export function drawLatencySeconds(random: Random, mean: number, jitter: number): number {
  return Math.max(1, normal(random, mean, jitter))
}

/** Reasons a job FAILED for no fault of the request ([U]: Segmind's exact texts are not documented). */
export const GENERIC_FAILURE_REASONS = [
  'Internal error during inference',
  'Upstream provider error: generation failed',
  'Model inference timed out',
  'Worker crashed while processing the request',
] as const

/** Content / RAI block reasons, in the shapes seen for other models (docs/segmind-api.md §3.5). */
export const CONTENT_BLOCK_REASONS = [
  'Content policy violation: NSFW content detected',
  'content_policy_violation',
  'nsfw: the generated image was flagged by the safety checker',
  'Request blocked by content moderation (RAI)',
] as const

export type GetFault = 'reset' | 'timeout' | '5xx' | null

/** One draw for a status/result GET; when several rates are 1, the harsher fault wins (reset, then hang, then 5xx). */
export function drawGetFault(
  random: Random,
  faults: { getReset: number; getTimeout: number; get5xx: number },
): GetFault {
  if (draw(random, faults.getReset)) return 'reset'
  if (draw(random, faults.getTimeout)) return 'timeout'
  if (draw(random, faults.get5xx)) return '5xx'
  return null
}

export type ImageFault = 'reset' | 'corrupt' | 'truncated' | null

export function drawImageFault(
  random: Random,
  faults: { imageReset: number; corruptImage: number; truncatedImage: number },
): ImageFault {
  if (draw(random, faults.imageReset)) return 'reset'
  if (draw(random, faults.corruptImage)) return 'corrupt'
  if (draw(random, faults.truncatedImage)) return 'truncated'
  return null
}

export type JobOutcome = { kind: 'ok' } | { kind: 'failed'; reason: string; contentBlocked: boolean }

/** Decides how a job ends; a content block is checked first because it is the more specific outcome. */
export function drawOutcome(random: Random, faults: { failed: number; contentBlocked: number }): JobOutcome {
  if (draw(random, faults.contentBlocked))
    return { kind: 'failed', reason: pick(random, CONTENT_BLOCK_REASONS), contentBlocked: true }
  if (draw(random, faults.failed))
    return { kind: 'failed', reason: pick(random, GENERIC_FAILURE_REASONS), contentBlocked: false }
  return { kind: 'ok' }
}
