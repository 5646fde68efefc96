/**
 * The gallery's cache of loaded pages: each section (a day) is paged on its own with the core's keyset cursors,
 * from both ends. The head pages from the section's first image in display order, the tail from its last one
 * (the same query in the opposite sort), so scrolling to the bottom of a day of thousands of images, or to the
 * end of the library, costs one page instead of paging through everything above it. Pure: the hook that owns
 * the cache asks what to fetch and hands the answers back.
 */
export interface SectionPages<T> {
  /** How many images the section has (from the day counts). */
  count: number
  head: readonly T[]
  headCursor: string | null
  /** From the end: tail[0] is the section's last image in display order. */
  tail: readonly T[]
  tailCursor: string | null
  /** Head and tail together hold the whole section (or a page came back short: the count ran ahead). */
  complete: boolean
}

export type PageEnd = 'head' | 'tail'

export function emptyPages<T>(count: number): SectionPages<T> {
  return { count, head: [], headCursor: null, tail: [], tailCursor: null, complete: count === 0 }
}

/** The image at `index` of the section, if loaded. */
export function itemAt<T>(pages: SectionPages<T> | undefined, index: number): T | undefined {
  if (!pages || index < 0 || index >= pages.count) return undefined
  if (index < pages.head.length) return pages.head[index]
  const fromEnd = pages.count - 1 - index
  return fromEnd < pages.tail.length ? pages.tail[fromEnd] : undefined
}

/**
 * Which end to fetch for tile `index` to appear: the end nearer to it, so a jump to the bottom of a long day
 * reads the day backwards. null when it is loaded or the section has nothing more.
 */
export function pageToFetch<T>(pages: SectionPages<T>, index: number, canReverse: boolean): PageEnd | null {
  if (pages.complete || itemAt(pages, index) !== undefined) return null
  if (!canReverse) return 'head'
  const fromHead = index - pages.head.length
  const fromTail = pages.count - pages.tail.length - 1 - index
  return fromTail < fromHead ? 'tail' : 'head'
}

export function withPage<T>(
  pages: SectionPages<T>,
  end: PageEnd,
  answer: { items: readonly T[]; nextCursor: string | null },
): SectionPages<T> {
  // A short or empty page means the count ran ahead of the rows (an image left meanwhile): stop asking.
  const ran = answer.nextCursor === null || answer.items.length === 0
  if (end === 'head') {
    const head = [...pages.head, ...answer.items]
    const complete = ran || head.length + pages.tail.length >= pages.count
    // A head that reached the end is the whole section; the tail would only repeat it.
    return ran
      ? { ...pages, head, headCursor: null, tail: [], complete }
      : { ...pages, head, headCursor: answer.nextCursor, complete }
  }
  const tail = [...pages.tail, ...answer.items]
  const complete = ran || pages.head.length + tail.length >= pages.count
  return ran
    ? { ...pages, head: [], headCursor: null, tail, tailCursor: null, count: tail.length, complete }
    : { ...pages, tail, tailCursor: answer.nextCursor, complete }
}

/** The loaded ids of one section in display order (head, then the tail read forwards, without repeats). */
export function sectionOrder<T extends { id: string }>(pages: SectionPages<T>): string[] {
  const ids = pages.head.map((i) => i.id)
  const seen = new Set(ids)
  for (let i = pages.tail.length - 1; i >= 0; i--) {
    const id = pages.tail[i]!.id
    if (!seen.has(id)) ids.push(id)
  }
  return ids
}

/** Each section's ids in order, concatenated: the order selection ranges and the detail view walk. */
export function loadedOrder<T extends { id: string }>(
  sectionCount: number,
  pagesOf: (section: number) => SectionPages<T> | undefined,
): string[] {
  const ids: string[] = []
  for (let s = 0; s < sectionCount; s++) {
    const p = pagesOf(s)
    if (p) ids.push(...sectionOrder(p))
  }
  return ids
}

/** Where an id sits in a section's display order, or -1. */
export function indexOf<T extends { id: string }>(pages: SectionPages<T>, id: string): number {
  const h = pages.head.findIndex((i) => i.id === id)
  if (h !== -1) return h
  const t = pages.tail.findIndex((i) => i.id === id)
  return t === -1 ? -1 : pages.count - 1 - t
}

/** Applies fresh copies of items (a star, a tag) wherever they are loaded. */
export function replaceIn<T extends { id: string }>(
  pages: SectionPages<T>,
  byId: ReadonlyMap<string, T>,
): SectionPages<T> {
  if (!pages.head.some((i) => byId.has(i.id)) && !pages.tail.some((i) => byId.has(i.id))) return pages
  return {
    ...pages,
    head: pages.head.map((i) => byId.get(i.id) ?? i),
    tail: pages.tail.map((i) => byId.get(i.id) ?? i),
  }
}
