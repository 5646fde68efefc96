import { memo, useState } from 'react'
import { createPortal } from 'react-dom'
import { styleName } from '@shared/catalog'
import type { CellView } from '@shared/domain'
import { api } from '../../api'
import { useGrid } from '../../stores/grid'
import { useLightbox } from '../../stores/lightbox'
import { FULL_SIZE_ZOOM, useGridView } from '../../stores/grid-view'
import { cellLabel, type ParamKey } from '../../model/grid-params'
import { STATE_LABEL, cellExplanation } from '../../model/cell-text'
import { ConfirmDialog } from './ConfirmDialog'
import { retryCell } from './useBatchActions'

const WORKING = new Set(['submitting', 'queued', 'processing', 'fetching'])

/** Attributes that let tests and tools read a tile's state without parsing its text. */
function tileData(cell: CellView): Record<string, string | number | undefined> {
  return {
    'data-testid': 'grid-cell',
    'data-state': cell.state,
    'data-cell-id': cell.id,
    'data-attempts': cell.attempts,
    'data-seed': cell.image?.seed ?? cell.params.seed ?? undefined,
  }
}

/**
 * One generation in the grid. It subscribes to its own cell, focus, winner mark and zoom level only, so an event
 * for one cell re-renders one tile. Roving focus: only the focused tile (or the grid's entry tile) is a Tab stop;
 * arrows move between tiles (useGridKeys).
 */
export const GridCell = memo(function GridCell(props: {
  cellId: string
  prompt: string
  /** The parameters worth a label, joined by '|'. */
  labelKeys?: string
  /** A fairness note: how this cell's parameters differ from its row's. */
  flag?: string | undefined
  /** The grid's one Tab stop: the focused tile, or the first one while the focus is elsewhere. */
  entry?: boolean
}): React.JSX.Element | null {
  const cell = useGrid((s) => s.cells[props.cellId])
  const openLightbox = useLightbox((s) => s.open)
  const current = useLightbox((s) => s.cellId === props.cellId)
  const focused = useGridView((s) => s.focusId === props.cellId)
  const tabStop = props.entry === true
  const winner = useGridView((s) => s.winners.has(props.cellId))
  const fullSize = useGridView((s) => s.zoom.scale >= FULL_SIZE_ZOOM)
  if (!cell) return null
  const seed = cell.image?.seed ?? cell.params.seed
  const keys = props.labelKeys ? (props.labelKeys.split('|') as ParamKey[]) : []
  const label = cellLabel(cell, keys)
  const focusProps = {
    tabIndex: tabStop ? 0 : -1,
    'data-focused': focused ? 'true' : undefined,
    onFocus: () => useGridView.getState().setFocus(cell.id),
  }
  const marks = (
    <>
      {winner ? (
        <span className="tile-winner" data-testid="grid-winner" title="Picked as this row's winner">
          <span aria-hidden="true">★</span> Winner
        </span>
      ) : null}
      {props.flag ? (
        <span
          className="tile-flag"
          data-testid="grid-fairness"
          title={props.flag}
          aria-label={`Not like for like: ${props.flag}`}
        >
          ≠
        </span>
      ) : null}
    </>
  )

  if (cell.state === 'saved' && cell.image) {
    return (
      <div
        className={`tile tile-saved ${current ? 'is-current' : ''} ${winner ? 'is-winner' : ''}`}
        {...tileData(cell)}
        {...focusProps}
        data-winner={winner ? 'true' : undefined}
        role="group"
        aria-label={`${styleName(cell.styleId)}${label ? `, ${label}` : ''}${winner ? ', winner' : ''}: ${props.prompt}`}
      >
        <button
          type="button"
          className="tile-image-btn"
          tabIndex={-1}
          onClick={(e) => {
            // A drag that panned the zoomed images is not a click.
            if ((e.currentTarget.closest('.grid-scroll') as HTMLElement | null)?.dataset.panned === 'true') return
            openLightbox(cell.id)
          }}
          aria-label={`Open ${styleName(cell.styleId)}: ${props.prompt}`}
        >
          <img
            className="tile-image"
            data-testid="grid-image"
            src={api.imageUrl(cell.image.id, fullSize ? 'full' : 'thumb')}
            alt={`${styleName(cell.styleId)} — ${props.prompt}`}
            loading="lazy"
            decoding="async"
            draggable={false}
          />
        </button>
        {label ? <span className="tile-seed">{label}</span> : null}
        {marks}
      </div>
    )
  }

  const explanation = cellExplanation(cell)
  return (
    <div className={`tile tile-${cell.state}`} {...tileData(cell)} {...focusProps}>
      <div className="tile-body">
        <span className={`chip chip-${cell.state}`}>{STATE_LABEL[cell.state]}</span>
        {explanation ? (
          <p className="tile-reason" title={cell.error?.detail ?? explanation}>
            {explanation}
          </p>
        ) : null}
        <CellAction cell={cell} />
      </div>
      {WORKING.has(cell.state) ? <span className={`tile-activity activity-${cell.state}`} aria-hidden="true" /> : null}
      {seed !== undefined && seed !== null && cell.state !== 'failed' ? (
        <span className="tile-seed">seed {seed}</span>
      ) : null}
      {marks}
    </div>
  )
})

/**
 * A failure gets a new seed (the same one would likely fail the same way); an expired or unknown cell is sent
 * again as it was. Both cost a new generation, which the titles say. Two exceptions: an image the library could
 * not write is fetched again for free, and a job Segmind lost after billing it is only sent again once the person
 * confirms paying twice. Cancelled cells are sent again all at once from the batch's strip.
 */
function CellAction(props: { cell: CellView }): React.JSX.Element | null {
  const { cell } = props
  const [confirming, setConfirming] = useState(false)
  if (cell.state === 'failed' && cell.error?.kind === 'library') {
    return (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void retryCell(cell.id, false)}
        title="Downloads the finished image again and saves it; nothing new is billed"
      >
        Save again
      </button>
    )
  }
  if (cell.state === 'failed') {
    return (
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void retryCell(cell.id, true)}
        title="Generates it again with a different seed; billed as a new image"
      >
        Retry with new seed
      </button>
    )
  }
  // Cancelled cells are sent again all at once from the batch's strip ("Resubmit cancelled"), not one by one.
  if (cell.state === 'expired' || cell.state === 'unknown') {
    const rebill = cell.state === 'expired' && cell.error?.kind === 'vanished'
    return (
      <>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => (rebill ? setConfirming(true) : void retryCell(cell.id, false))}
          title="Sends the same request again; billed as a new image"
        >
          Resubmit
        </button>
        {/* In a portal: a tile may clip or transform what it holds, and the question must cover the window. */}
        {confirming
          ? createPortal(
              <ConfirmDialog
                title="Pay again for this image?"
                confirmLabel="Resubmit and pay again"
                cancelLabel="Don't resubmit"
                danger
                onConfirm={() => void retryCell(cell.id, false, true)}
                onClose={() => setConfirming(false)}
              >
                <p>
                  Segmind lost this job before its 1-hour retention, after the first submit was billed. Resubmitting
                  sends it again and is billed as a new image.
                </p>
              </ConfirmDialog>,
              document.body,
            )
          : null}
      </>
    )
  }
  return null
}
