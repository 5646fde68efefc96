import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { buildRows, columnsFor, dayLabel, rowOfDay } from '../../model/gallery-layout'
import { clickSelect, moveFocus, selectAll, toggleFocused, EMPTY_SELECTION } from '../../model/gallery-selection'
import { localDay } from '../../model/library-query'
import { plural } from '../../model/format'
import { useGallery } from '../../stores/gallery'
import { useGalleryJump } from '../../stores/gallery-jump'
import { GalleryTile, PendingTile, type TileEvents } from './GalleryTile'
import type { LibraryPages } from './useLibraryPages'

const MIN_TILE = 168
const GAP = 8
const PAD = 16
const HEADER_HEIGHT = 44
/** Rows drawn beyond the screen on each side: enough for smooth scrolling, few enough to keep the DOM small. */
const OVERSCAN = 2
const TILE_ASPECT = 1.25

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    setWidth(el.clientWidth)
    const observer = new ResizeObserver(() => setWidth(el.clientWidth))
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return width
}

/**
 * The virtualized grid: day headers and rows of tiles over the whole library, of which only the rows on screen
 * (plus two each side) exist in the DOM. Mouse: click, Shift+click, Ctrl/Cmd+click; double-click opens.
 * Keyboard: arrows move, Shift+arrows extend, Space toggles, Enter opens, Ctrl/Cmd+A selects all loaded,
 * Delete moves to the trash, Esc clears.
 */
export function GalleryGrid(props: { pages: LibraryPages; onTrash(ids: string[]): void }): React.JSX.Element {
  const { pages, onTrash } = props
  const scroller = useRef<HTMLDivElement>(null)
  const width = useWidth(scroller)
  const inner = Math.max(0, width - PAD * 2)
  const columns = columnsFor(inner, MIN_TILE, GAP)
  const tile = Math.max(40, Math.floor((inner - GAP * (columns - 1)) / columns))
  // Soul's sizes are mostly portrait: a 4:5 cell crops a 3:4 image only slightly.
  const tileHeight = Math.round(tile * TILE_ASPECT)
  // Until the scroller has a width there is no layout to build (a 0-wide pass would make one row per image).
  const rows = useMemo(() => (width > 0 ? buildRows(pages.sections, columns) : []), [width, pages.sections, columns])
  const firstRowOf = useMemo(() => {
    const first: number[] = []
    rows.forEach((r, i) => {
      if (first[r.section] === undefined) first[r.section] = i
    })
    return first
  }, [rows])
  const selection = useGallery((s) => s.selection)
  const setSelection = useGallery((s) => s.setSelection)
  const openDetail = useGallery((s) => s.openDetail)
  const sort = useGallery((s) => s.query.sort)
  const today = localDay(Date.now())

  // Stable between renders: the virtualizer recomputes every row's place (13 000 rows at 100 000 images) whenever
  // its key function changes, so an inline one cost that walk on every render.
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows])
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.kind === 'header' ? HEADER_HEIGHT : tileHeight + GAP),
    getItemKey,
    overscan: OVERSCAN,
    paddingStart: 4,
    paddingEnd: PAD,
  })
  // Sizes follow the width: re-measure when the tile size changes. New rows need no call: getItemKey changes with
  // them, which already makes the virtualizer place every row again; a measure() then (as when the first page
  // lands) only rendered every tile a second time in the same task, on the way to the first paint.
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, tileHeight])

  const items = virtualizer.getVirtualItems()

  // Ask for the pages of the rows on screen (after render: fetching is a side effect).
  useEffect(() => {
    for (const v of items) {
      const row = rows[v.index]
      if (row?.kind === 'tiles') pages.ensure(row.section, row.first + row.count - 1)
    }
  })

  // A new question starts at the top; a refresh of the same one (images arriving) keeps the place.
  const query = useGallery((s) => s.query)
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 })
  }, [query])

  const jump = useGalleryJump((s) => s.seq)
  useEffect(() => {
    const day = useGalleryJump.getState().day
    if (!day || jump === 0) return
    const row = rowOfDay(rows, pages.sections, day, sort)
    if (row !== -1) virtualizer.scrollToIndex(row, { align: 'start' })
    // Only a new jump request moves the view; later changes to the rows must not.
  }, [jump])

  const rowOfItem = useCallback(
    (id: string): number | null => {
      const at = pages.locate(id)
      if (!at) return null
      const header = pages.sections[at.section]?.day !== null ? 1 : 0
      const first = firstRowOf[at.section]
      return first === undefined ? null : first + header + Math.floor(at.index / columns)
    },
    [pages, firstRowOf, columns],
  )

  const events = useMemo<TileEvents>(
    () => ({
      onSelect: (id, e) => {
        scroller.current?.focus({ preventScroll: true })
        const current = useGallery.getState().selection
        setSelection(clickSelect(current, pages.order(), id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }))
      },
      onOpen: (id) => openDetail(id),
    }),
    [pages, setSelection, openDetail],
  )

  function onKeyDown(e: React.KeyboardEvent): void {
    const current = useGallery.getState().selection
    const order = pages.order()
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[e.key]
    let next = current
    if (step !== undefined) next = moveFocus(current, order, step, e.shiftKey)
    else if (e.key === ' ') next = toggleFocused(current)
    else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) next = selectAll(current, order)
    else if (e.key === 'Escape') next = EMPTY_SELECTION
    else if (e.key === 'Enter' && current.focus) {
      e.preventDefault()
      openDetail(current.focus)
      return
    } else if (e.key === 'Delete' && current.ids.size > 0) {
      e.preventDefault()
      onTrash(order.filter((id) => current.ids.has(id)))
      return
    } else return
    e.preventDefault()
    setSelection(next)
    if (next.focus && next.focus !== current.focus) {
      const row = rowOfItem(next.focus)
      if (row !== null) virtualizer.scrollToIndex(row, { align: 'auto' })
    }
  }

  return (
    <div
      ref={scroller}
      className="gallery-scroller"
      role="listbox"
      aria-multiselectable="true"
      aria-label="Library images"
      aria-activedescendant={selection.focus ? `tile-${selection.focus}` : undefined}
      tabIndex={0}
      data-testid="gallery-grid"
      onKeyDown={onKeyDown}
    >
      <div className="gallery-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((v) => {
          const row = rows[v.index]
          if (!row) return null
          const section = pages.sections[row.section]
          if (row.kind === 'header') {
            return (
              <div
                key={v.key}
                role="presentation"
                className="gallery-day"
                data-testid="gallery-day"
                data-day={section?.day ?? undefined}
                style={{ transform: `translateY(${v.start}px)`, height: HEADER_HEIGHT }}
              >
                {section?.day ? dayLabel(section.day, today) : ''}
                <span className="gallery-day-count">{plural(section?.count ?? 0, 'image')}</span>
              </div>
            )
          }
          const tiles: React.JSX.Element[] = []
          for (let i = 0; i < row.count; i++) {
            const item = pages.itemAt(row.section, row.first + i)
            tiles.push(
              item ? (
                <GalleryTile
                  key={item.id}
                  item={item}
                  width={tile}
                  height={tileHeight}
                  selected={selection.ids.has(item.id)}
                  focused={selection.focus === item.id}
                  events={events}
                />
              ) : (
                <PendingTile key={`p${row.first + i}`} width={tile} height={tileHeight} />
              ),
            )
          }
          return (
            <div
              key={v.key}
              role="presentation"
              className="gallery-row"
              style={{ transform: `translateY(${v.start}px)`, height: tileHeight, gap: GAP }}
            >
              {tiles}
            </div>
          )
        })}
      </div>
    </div>
  )
}
