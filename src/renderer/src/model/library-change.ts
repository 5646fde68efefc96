import type { LibraryChange } from '@shared/contracts'
import type { LibraryFilter } from '@shared/contracts/library'
import type { LibrarySort } from './library-query'

/**
 * What an open gallery does with a 'library' event: swap in the marked images it holds (a star shows at once),
 * and re-read its day counts and the pages on screen when images came or went, or when a mark may move an image
 * in or out of what it shows (a "Starred only" view, a rating filter or sort, a tag or a search, which covers tags).
 */
export interface ChangeEffect {
  replace: LibraryChange['marked']
  reload: boolean
}

export function marksMatter(filter: LibraryFilter, sort: LibrarySort): boolean {
  return (
    sort === 'rating' ||
    filter.starred !== undefined ||
    filter.minRating !== undefined ||
    filter.tag !== undefined ||
    !!filter.text
  )
}

export function changeEffect(change: LibraryChange, filter: LibraryFilter, sort: LibrarySort): ChangeEffect {
  const marked = change.marked.length > 0 || change.moreMarked
  return {
    replace: change.marked,
    reload: change.membership || change.moreMarked || (marked && marksMatter(filter, sort)),
  }
}

/**
 * When to run a reload asked for at `now`: at once when the last one is at least `gapMs` old, else when the gap
 * has passed (one reload stands for all the changes meanwhile: a batch saving images every second recounts the
 * library at most once per gap).
 */
export function reloadDelay(now: number, lastReload: number, gapMs: number): number {
  return Math.max(0, lastReload + gapMs - now)
}
