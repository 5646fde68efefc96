import type { LibraryFilter } from '@shared/contracts/library'
import { dayEnd, dayStart, type LibraryQuery } from './library-query'

/** The core's filter for what the URL asks (days become local-midnight bounds; defaults are left out). */
export function filterOf(query: LibraryQuery): LibraryFilter {
  const filter: LibraryFilter = {}
  const text = query.text.trim()
  if (text) filter.text = text
  if (query.styleIds.length > 0) filter.styleIds = query.styleIds
  if (query.batchId) filter.batchId = query.batchId
  if (query.from) filter.from = dayStart(query.from)
  if (query.to) filter.to = dayEnd(query.to)
  if (query.starred) filter.starred = true
  if (query.minRating !== null) filter.minRating = query.minRating
  if (query.tag) filter.tag = query.tag
  if (query.trashed) filter.trashed = true
  return filter
}

/** The filter narrowed to one day section (bounds intersected with the person's own date range). */
export function sectionFilter(base: LibraryFilter, bounds: { start: number; end: number } | null): LibraryFilter {
  if (!bounds) return base
  return {
    ...base,
    from: base.from === undefined ? bounds.start : Math.max(base.from, bounds.start),
    to: base.to === undefined ? bounds.end : Math.min(base.to, bounds.end),
  }
}
