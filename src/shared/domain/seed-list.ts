import { SEED_MAX, SEED_MIN } from '../catalog/model'
import { formatCount } from '../format/numbers'

/** At most this many seeds in a fixed list: the same cap as seeds per prompt elsewhere (a grid row stays readable). */
export const MAX_SEED_LIST = 16

const RANGE = `seeds are whole numbers from ${formatCount(SEED_MIN)} to ${formatCount(SEED_MAX)}`

/**
 * "7, 42, 1234" (commas, spaces, semicolons or | between) as the seeds of a fixed seed list, or one sentence
 * saying what is wrong, naming the seed by its place: "Seed 3 is -5; seeds are whole numbers from 1 to 1,000,000."
 * A seed listed twice would generate the same image twice, so it is refused rather than silently paid for again.
 */
export function parseSeedList(text: string): number[] | string {
  const parts = text
    .split(/[\s,;|]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  if (parts.length === 0) return 'List at least one seed, like 7, 42, 1234.'
  if (parts.length > MAX_SEED_LIST)
    return `That is ${formatCount(parts.length)} seeds; a seed list has at most ${MAX_SEED_LIST}.`
  const seeds: number[] = []
  for (const [i, part] of parts.entries()) {
    const n = /^[+-]?\d+$/.test(part) ? Number(part) : NaN
    if (!Number.isSafeInteger(n) || n < SEED_MIN || n > SEED_MAX) {
      const shown = part.length > 20 ? `${part.slice(0, 20)}…` : part
      return `Seed ${i + 1} is ${shown}; ${RANGE}.`
    }
    const first = seeds.indexOf(n)
    if (first !== -1) return `Seed ${i + 1} (${n}) repeats seed ${first + 1}; list each seed once.`
    seeds.push(n)
  }
  return seeds
}

/** The list as people write it, for a field or a CSV cell: "7, 42, 1234". */
export function formatSeedList(seeds: readonly number[], separator = ', '): string {
  return seeds.join(separator)
}
