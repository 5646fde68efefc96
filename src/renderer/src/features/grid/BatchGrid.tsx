import { useEffect } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { styleById } from '@shared/catalog'
import { useGrid, SET_PREFIX } from '../../stores/grid'
import { StyleSwatch } from '../compose/StylePicker'
import { ensureRows } from './cellPages'
import { GridCell } from './GridCell'
import { slotKey, type GridLayout } from '../../model/grid-layout'
import { GRID_METRICS } from '../../model/grid-focus'
import { slotAt, slotShape, type GridModel, type GridSection, type Head } from '../../model/grid-model'

/** Above this many prompt rows only the visible rows are in the DOM; below it, everything is (simpler to scan). */
export const VIRTUALIZE_ABOVE = 50
const M = GRID_METRICS

export interface GridLook {
  tileWidth: number
  tileHeight: number
  rowHeaderWidth: number
  /** A column is at least this wide (a fitted grid shares the window's width), else as wide as its tiles. */
  minColumnWidth: number
  /** The parameters that differ across the grid, joined by '|' (a stable prop for memoized tiles). */
  labelKeys: string
  flags: ReadonlyMap<string, string>
  /** The grid's one Tab stop (roving tabindex): the focused tile, or the first while none in view has focus. */
  entryId: string | null
}

/**
 * The grid: one table per section (rows grouped by the styles they asked for), headers sticky at the top and
 * left, each slot holding its third-axis tiles stacked or side by side. A big batch (one section, prompts as
 * rows) keeps only the rows in view in the DOM and loads their cells a page at a time.
 */
export function BatchGrid(props: {
  model: GridModel
  layout: GridLayout
  look: GridLook
  scrollRef: React.RefObject<HTMLDivElement | null>
  onKeyDown: (e: React.KeyboardEvent) => void
}): React.JSX.Element {
  const { model, layout, look, scrollRef } = props
  const { down, across } = slotShape(model)
  const rowHeight = down * look.tileHeight + (down - 1) * M.seedGap + 2 * M.rowPadding + M.rowBorder
  const only = model.sections.length === 1 ? model.sections[0]! : null
  const virtual = only !== null && !model.options.swap && only.rowHeads.length > VIRTUALIZE_ABOVE

  const virtualizer = useVirtualizer({
    count: only?.rowHeads.length ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    paddingStart: M.headerHeight,
    overscan: 3,
    enabled: virtual,
  })
  const items = virtual ? virtualizer.getVirtualItems() : []

  // Re-render when a page adds slots; the cells themselves re-render on their own.
  useGrid((s) => s.version)
  const batchId = useGrid((s) => s.batchId)
  // Changes after each page and after a reload (which forgets what it cannot vouch for): the rows on screen
  // are checked again then, so a reconnect refreshes them without a scroll.
  const completeRows = useGrid((s) => s.completeRows)
  const shown = virtual ? items.map((i) => only!.prompts[i.index]!) : model.sections.flatMap((s) => s.prompts)
  const firstRow = Math.min(...shown.map((r) => r.promptIndex))
  const lastRow = Math.max(...shown.map((r) => r.promptIndex))
  useEffect(() => {
    if (batchId !== null && !batchId.startsWith(SET_PREFIX) && shown.length > 0 && lastRow >= firstRow)
      ensureRows(batchId, firstRow, lastRow)
  }, [batchId, firstRow, lastRow, completeRows, shown.length])
  const topSpace = virtual && items[0] ? items[0].start - M.headerHeight : 0
  const lastItem = items[items.length - 1]
  const bottomSpace = virtual && lastItem ? virtualizer.getTotalSize() - lastItem.end : 0

  const style = {
    '--tile-w': `${look.tileWidth}px`,
    '--tile-h': `${look.tileHeight}px`,
    '--row-h': `${rowHeight}px`,
    '--row-head-w': `${look.rowHeaderWidth}px`,
    '--head-h': `${M.headerHeight}px`,
    '--col-w': `${Math.max(look.minColumnWidth, across * look.tileWidth + (across - 1) * M.seedGap + M.slotPadding)}px`,
    '--seed-gap': `${M.seedGap}px`,
    '--row-pad': `${M.rowPadding}px`,
  } as React.CSSProperties

  const totalRows = model.sections.reduce((n, s) => n + s.rowHeads.length, 0)
  const totalCols = Math.max(...model.sections.map((s) => s.colHeads.length))
  return (
    <div
      className={`grid-scroll ${model.options.third === 'side' ? 'is-side' : ''}`}
      ref={scrollRef}
      data-testid="grid"
      style={style}
      data-rows={totalRows}
      data-columns={totalCols}
      data-sections={model.sections.length}
      onKeyDown={props.onKeyDown}
    >
      {model.sections.map((section, si) => (
        <div
          key={section.key}
          className="grid-table"
          role="grid"
          aria-label={model.sections.length > 1 ? `Rows using ${section.styles.length} styles` : 'Comparison grid'}
          aria-rowcount={section.rowHeads.length + 1}
          aria-colcount={section.colHeads.length + 1}
          style={{ ['--cols' as string]: String(section.colHeads.length) }}
        >
          <SectionHead model={model} section={section} />
          {virtual && si === 0 && topSpace > 0 ? <div style={{ height: topSpace }} aria-hidden="true" /> : null}
          {(virtual ? items.map((i) => i.index) : section.rowHeads.map((_, r) => r)).map((r) => (
            <GridRowView
              key={section.rowHeads[r]!.key}
              model={model}
              layout={layout}
              section={section}
              r={r}
              look={look}
            />
          ))}
          {virtual && bottomSpace > 0 ? <div style={{ height: bottomSpace }} aria-hidden="true" /> : null}
        </div>
      ))}
    </div>
  )
}

function SectionHead(props: { model: GridModel; section: GridSection }): React.JSX.Element {
  const { model, section } = props
  const third = model.third
  const side = model.options.third === 'side' && third !== null
  return (
    <div className="grid-head" role="row">
      <div className="grid-corner" role="columnheader">
        <span>{model.options.swap ? 'Style' : 'Prompt'}</span>
        <span className="grid-corner-sep">×</span>
        <span>{model.options.swap ? 'Prompt' : 'Style'}</span>
      </div>
      {section.colHeads.map((head) => (
        <div
          key={head.key}
          className={`grid-col-header grid-col-${head.kind}`}
          data-testid="grid-col-header"
          role="columnheader"
          title={head.kind === 'style' ? `${head.title}: ${head.detail} (key ${head.number})` : head.title}
        >
          <HeadText head={head} />
          {side ? (
            <span className="grid-col-subs" aria-hidden="true">
              {model.thirds.map((t) => (
                <span key={t}>{third.labels[t]}</span>
              ))}
            </span>
          ) : null}
        </div>
      ))}
    </div>
  )
}

function HeadText(props: { head: Head }): React.JSX.Element {
  const { head } = props
  if (head.kind === 'style') {
    return (
      <>
        <span className="grid-col-title">
          {head.number <= 9 ? (
            <kbd className="grid-key" aria-hidden="true">
              {head.number}
            </kbd>
          ) : null}
          <StyleSwatch hue={head.hue ?? 0} size="small" />
          <span className="grid-col-name">{head.title}</span>
        </span>
        {head.detail ? <span className="grid-col-desc">{head.detail}</span> : null}
      </>
    )
  }
  return (
    <>
      <span className="grid-col-prompt">{head.title}</span>
      {head.detail ? <span className="grid-col-desc">{head.detail}</span> : null}
    </>
  )
}

function GridRowView(props: {
  model: GridModel
  layout: GridLayout
  section: GridSection
  r: number
  look: GridLook
}): React.JSX.Element {
  const { model, layout, section, r, look } = props
  const head = section.rowHeads[r]!
  const complete = useGrid((s) => s.completeRows)
  return (
    <div className="grid-row" role="row">
      <div className="grid-row-header" role="rowheader" title={head.kind === 'prompt' ? head.title : head.detail}>
        {/* Sticky inside the sticky column: a tall row (many seeds) keeps its header in view while scrolled. */}
        <div
          className={`grid-row-label ${head.kind === 'style' ? 'is-style' : ''}`}
          data-index={head.kind === 'prompt' ? head.number : ''}
        >
          {head.kind === 'prompt' ? (
            <>
              <p className="grid-row-prompt" data-testid="grid-row-header">
                {head.title}
              </p>
              {head.detail ? <span className="grid-row-name">{head.detail}</span> : null}
              {model.third && model.options.third === 'stack' && model.third.labels.length > 1 ? (
                <span className="grid-row-name">{model.thirds.map((t) => model.third!.labels[t]).join(' · ')} ↓</span>
              ) : null}
            </>
          ) : (
            <>
              <span className="grid-col-title" data-testid="grid-row-header">
                {head.number <= 9 ? <kbd className="grid-key">{head.number}</kbd> : null}
                <StyleSwatch hue={head.hue ?? 0} size="small" />
                <span className="grid-col-name">{head.title}</span>
              </span>
              <span className="grid-row-name">{head.detail}</span>
            </>
          )}
        </div>
      </div>
      {section.colHeads.map((col, c) => {
        const slot = slotAt(model, section, r, c)
        if (!slot) return <div key={col.key} className="grid-slot" role="gridcell" />
        const asked = slot.row.styles.includes(slot.styleId)
        return (
          <div
            key={col.key}
            className="grid-slot"
            role="gridcell"
            style={{ ['--hue' as string]: String(styleById(slot.styleId)?.hue ?? 0) }}
          >
            {model.thirds.map((t) => {
              const cellId = layout.slots.get(slotKey(slot.row.promptIndex, slot.styleId, t))
              if (cellId)
                return (
                  <GridCell
                    key={t}
                    cellId={cellId}
                    prompt={slot.row.prompt}
                    labelKeys={look.labelKeys}
                    flag={look.flags.get(cellId)}
                    entry={look.entryId === cellId}
                  />
                )
              return asked && !complete.has(slot.row.promptIndex) ? (
                <div
                  key={t}
                  className="tile tile-loading"
                  data-testid="grid-cell-loading"
                  aria-busy="true"
                  aria-label="Loading"
                />
              ) : (
                <div
                  key={t}
                  className="tile tile-absent"
                  title={asked ? 'No image here' : 'This prompt does not use this style'}
                />
              )
            })}
          </div>
        )
      })}
    </div>
  )
}
