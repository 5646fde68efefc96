import type { LibrarySort } from './library-query'

/**
 * The gallery's scroll layout, built before any image is loaded: one section per local day (from the library's
 * day counts), each a header row and rows of tiles. Because every count is known up front the scrollbar is true
 * at 100 000 images, "jump to a date" is a row index, and only the rows on screen are ever rendered or fetched.
 */
export interface DayCount {
  day: string
  count: number
  /** The day's bounds in epoch ms (start inclusive, end exclusive), as the core computed them. */
  start: number
  end: number
}

export interface Section {
  key: string
  /** null: no header (the rating sort is one long run). */
  day: string | null
  count: number
  /** Bounds a page query of this section is narrowed to; null: no narrowing. */
  bounds: { start: number; end: number } | null
}

export type Row =
  | { kind: 'header'; key: string; section: number }
  | { kind: 'tiles'; key: string; section: number; first: number; count: number }

/** Days come newest first from the core; the oldest sort reads them the other way round. */
export function buildSections(days: readonly DayCount[], sort: LibrarySort): Section[] {
  const nonEmpty = days.filter((d) => d.count > 0)
  if (sort === 'rating') {
    const total = nonEmpty.reduce((sum, d) => sum + d.count, 0)
    return total > 0 ? [{ key: 'all', day: null, count: total, bounds: null }] : []
  }
  const ordered = sort === 'oldest' ? [...nonEmpty].sort((a, b) => a.day.localeCompare(b.day)) : nonEmpty
  return ordered.map((d) => ({ key: d.day, day: d.day, count: d.count, bounds: { start: d.start, end: d.end } }))
}

export function buildRows(sections: readonly Section[], columns: number): Row[] {
  const cols = Math.max(1, Math.floor(columns))
  const rows: Row[] = []
  sections.forEach((s, section) => {
    if (s.day !== null) rows.push({ kind: 'header', key: `h:${s.key}`, section })
    for (let first = 0; first < s.count; first += cols) {
      rows.push({ kind: 'tiles', key: `t:${s.key}:${first}`, section, first, count: Math.min(cols, s.count - first) })
    }
  })
  return rows
}

/** How many tiles fit across, each at least `minTile` wide with `gap` between them. */
export function columnsFor(width: number, minTile: number, gap: number): number {
  if (width <= 0) return 1
  return Math.max(1, Math.floor((width + gap) / (minTile + gap)))
}

/**
 * The row of the section to jump to for a day: the day itself, or the nearest day in the scroll direction
 * (the next older day when newest come first, the next newer one when oldest come first). -1 when none.
 */
export function rowOfDay(rows: readonly Row[], sections: readonly Section[], day: string, sort: LibrarySort): number {
  const target = sections.findIndex((s) => (s.day === null ? false : sort === 'oldest' ? s.day >= day : s.day <= day))
  // Past the end of the library in the scroll direction: the last day is the nearest one.
  const section = target === -1 ? sections.length - 1 : target
  if (section === -1 || sections[section]!.day === null) return -1
  return rows.findIndex((r) => r.section === section)
}

const HEADER_FORMAT = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
})

/** "Today", "Yesterday", else "Mon, 30 Nov 2026" in the person's locale. */
export function dayLabel(day: string, today: string): string {
  if (day === today) return 'Today'
  const d = new Date(`${day}T00:00:00`)
  const t = new Date(`${today}T00:00:00`)
  t.setDate(t.getDate() - 1)
  if (d.getTime() === t.getTime()) return 'Yesterday'
  return HEADER_FORMAT.format(d)
}
