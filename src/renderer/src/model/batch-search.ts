import { nameMatches, searchWords } from '@shared/batch-search'

/** Batches whose name contains every word typed, ignoring case and accents: "lighthouse dusk" finds both orders. */
export function filterBatches<T extends { name: string }>(list: readonly T[], query: string): T[] {
  const words = searchWords(query)
  if (words.length === 0) return [...list]
  return list.filter((b) => nameMatches(b.name, words))
}
