export type Random = () => number

/**
 * Exponential backoff with full jitter (a uniform wait in [0, min(cap, base * 2^n)]): retries from many cells
 * spread out instead of hitting a struggling server together.
 */
export function fullJitterBackoff(failures: number, baseMs: number, capMs: number, random: Random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1))
  return Math.floor(random() * ceiling)
}

/** A wait lengthened by up to `fraction` of itself, so cells planned alike do not all fire on the same tick. */
export function withJitter(ms: number, fraction: number, random: Random): number {
  return Math.max(0, Math.round(ms * (1 + fraction * random())))
}
