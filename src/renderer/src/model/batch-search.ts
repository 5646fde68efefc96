/** Batches whose name contains every word typed, ignoring case and accents: "lighthouse dusk" finds both orders. */
export function filterBatches<T extends { name: string }>(list: readonly T[], query: string): T[] {
  const fold = (s: string): string =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...list]
  return list.filter((b) => {
    const name = fold(b.name)
    return words.every((w) => name.includes(w))
  })
}
