import { useEffect, useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { parseSize, styleById } from '@shared/catalog'
import { useGrid } from '../../stores/grid'
import { StyleSwatch } from '../compose/StylePicker'
import { ensureRows } from './cellPages'
import { GridCell } from './GridCell'
import { slotKey, type GridLayout, type GridRow } from '../../model/grid-layout'

/** Above this many prompt rows only the visible rows are in the DOM; below it, everything is (simpler to scan). */
export const VIRTUALIZE_ABOVE = 50
const HEADER_HEIGHT = 64
const ROW_PADDING = 8
const SEED_GAP = 6
const ROW_HEADER_WIDTH = 240
/** The row's bottom border, counted in its height so virtual offsets match the real layout. */
const ROW_BORDER = 1

export function BatchGrid(props: { layout: GridLayout; size: string; tileWidth: number }): React.JSX.Element {
  const { layout, tileWidth } = props
  const { width, height } = parseSize(props.size)
  const tileHeight = Math.round((tileWidth * height) / width)
  const rowHeight = layout.seedCount * tileHeight + (layout.seedCount - 1) * SEED_GAP + 2 * ROW_PADDING + ROW_BORDER
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtual = layout.rows.length > VIRTUALIZE_ABOVE

  const virtualizer = useVirtualizer({
    count: layout.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    paddingStart: HEADER_HEIGHT,
    overscan: 3,
    enabled: virtual,
  })

  const items = virtual ? virtualizer.getVirtualItems() : []
  const rows = virtual ? items.map((item) => layout.rows[item.index]!) : layout.rows
  // Re-render when a page adds slots; the cells themselves re-render on their own.
  useGrid((s) => s.version)
  const batchId = useGrid((s) => s.batchId)
  // Changes after each page and after a reload (which forgets what it cannot vouch for): the rows on screen
  // are checked again then, so a reconnect refreshes them without a scroll.
  const completeRows = useGrid((s) => s.completeRows)
  const firstRow = rows[0]?.promptIndex ?? 0
  const lastRow = rows[rows.length - 1]?.promptIndex ?? -1
  useEffect(() => {
    // A big batch's cells arrive a page at a time, for the rows on screen (and the overscan around them).
    if (batchId !== null && lastRow >= firstRow) ensureRows(batchId, firstRow, lastRow)
  }, [batchId, firstRow, lastRow, completeRows])
  const topSpace = virtual && items[0] ? items[0].start - HEADER_HEIGHT : 0
  const lastItem = items[items.length - 1]
  const bottomSpace = virtual && lastItem ? virtualizer.getTotalSize() - lastItem.end : 0

  const style = {
    '--tile-w': `${tileWidth}px`,
    '--tile-h': `${tileHeight}px`,
    '--row-h': `${rowHeight}px`,
    '--row-head-w': `${ROW_HEADER_WIDTH}px`,
    '--head-h': `${HEADER_HEIGHT}px`,
    '--cols': String(layout.columns.length),
    '--seed-gap': `${SEED_GAP}px`,
    '--row-pad': `${ROW_PADDING}px`,
  } as React.CSSProperties

  return (
    <div
      className="grid-scroll"
      ref={scrollRef}
      data-testid="grid"
      style={style}
      data-rows={layout.rows.length}
      data-columns={layout.columns.length}
    >
      <div
        className="grid-table"
        role="table"
        aria-rowcount={layout.rows.length + 1}
        aria-colcount={layout.columns.length + 1}
      >
        <div className="grid-head" role="row">
          <div className="grid-corner" role="columnheader">
            <span>Prompt</span>
            <span className="grid-corner-sep">×</span>
            <span>Style</span>
          </div>
          {layout.columns.map((styleId) => {
            const style = styleById(styleId)
            return (
              <div
                key={styleId}
                className="grid-col-header"
                data-testid="grid-col-header"
                role="columnheader"
                title={style?.description}
              >
                <span className="grid-col-title">
                  <StyleSwatch hue={style?.hue ?? 0} size="small" />
                  <span className="grid-col-name">{style?.name ?? styleId}</span>
                </span>
                {style ? <span className="grid-col-desc">{style.description}</span> : null}
              </div>
            )
          })}
        </div>
        {topSpace > 0 ? <div style={{ height: topSpace }} aria-hidden="true" /> : null}
        {rows.map((row) => (
          <PromptRow key={row.promptIndex} row={row} layout={layout} />
        ))}
        {bottomSpace > 0 ? <div style={{ height: bottomSpace }} aria-hidden="true" /> : null}
      </div>
    </div>
  )
}

function PromptRow(props: { row: GridRow; layout: GridLayout }): React.JSX.Element {
  const { row, layout } = props
  const seeds = Array.from({ length: layout.seedCount }, (_, i) => i)
  return (
    <div className="grid-row" role="row" aria-rowindex={row.promptIndex + 2}>
      <div className="grid-row-header" role="rowheader" title={row.prompt}>
        {/* Sticky inside the sticky column: a tall row (many seeds) keeps its prompt in view while scrolled. */}
        <div className="grid-row-label" data-index={row.promptIndex + 1}>
          <p className="grid-row-prompt" data-testid="grid-row-header">
            {row.prompt}
          </p>
          {row.name ? <span className="grid-row-name">{row.name}</span> : null}
        </div>
      </div>
      {layout.columns.map((styleId) => (
        <div
          key={styleId}
          className="grid-slot"
          role="cell"
          style={{ ['--hue' as string]: String(styleById(styleId)?.hue ?? 0) }}
        >
          {seeds.map((seedIndex) => {
            const cellId = layout.slots.get(slotKey(row.promptIndex, styleId, seedIndex))
            if (cellId) return <GridCell key={seedIndex} cellId={cellId} prompt={row.prompt} />
            return row.styles.includes(styleId) ? (
              <div
                key={seedIndex}
                className="tile tile-loading"
                data-testid="grid-cell-loading"
                aria-busy="true"
                aria-label="Loading"
              />
            ) : (
              <div key={seedIndex} className="tile tile-absent" title="This prompt does not use this style" />
            )
          })}
        </div>
      ))}
    </div>
  )
}
