/**
 * The gallery's cache of loaded pages: each section (a day) is paged on its own with the core's keyset cursor,
 * so scrolling to the middle of the library loads only the days on screen. Pure: the hook that owns the cache
 * asks what to fetch and hands the answers back.
 */
export interface SectionPages<T> {
  items: readonly T[]
  /** Where the next page starts; null before the first page. */
  cursor: string | null
  done: boolean
}

export const NO_PAGES: SectionPages<never> = { items: [], cursor: null, done: false }

/** Whether tile `index` of a section still needs a page fetched (it is past what is loaded, and more exist). */
export function needsPage<T>(pages: SectionPages<T> | undefined, index: number): boolean {
  if (!pages) return true
  return !pages.done && index >= pages.items.length
}

export function withPage<T>(
  pages: SectionPages<T> | undefined,
  answer: { items: readonly T[]; nextCursor: string | null },
): SectionPages<T> {
  const before = pages?.items ?? []
  return {
    items: before.length === 0 ? answer.items : [...before, ...answer.items],
    cursor: answer.nextCursor,
    // An empty page also ends the section, so a count that ran ahead of the rows never loops.
    done: answer.nextCursor === null || answer.items.length === 0,
  }
}

/** Each section's ids in order, concatenated: the order selection ranges and the detail view walk. */
export function loadedOrder<T extends { id: string }>(
  sectionCount: number,
  pagesOf: (section: number) => SectionPages<T> | undefined,
): string[] {
  const ids: string[] = []
  for (let s = 0; s < sectionCount; s++) for (const item of pagesOf(s)?.items ?? []) ids.push(item.id)
  return ids
}
