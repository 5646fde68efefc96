/**
 * "Search batches" matching, shared by the sidebar (filtering what it holds) and the core (filtering a page when
 * the sidebar has not loaded every batch): a name matches when it contains every word typed, ignoring case and
 * accents, so "lighthouse dusk" finds both orders.
 */
export function foldForSearch(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

export function searchWords(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean)
}

export function nameMatches(name: string, words: readonly string[]): boolean {
  if (words.length === 0) return true
  const folded = foldForSearch(name)
  return words.every((w) => folded.includes(w))
}
