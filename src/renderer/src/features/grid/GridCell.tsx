import { memo, useState } from 'react'
import { createPortal } from 'react-dom'
import { styleName } from '@shared/catalog'
import type { CellView } from '@shared/domain'
import { api } from '../../api'
import { useGrid } from '../../stores/grid'
import { useLightbox } from '../../stores/lightbox'
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
 * One generation in the grid. It subscribes to its own cell only, so an event for one cell re-renders one tile.
 */
export const GridCell = memo(function GridCell(props: { cellId: string; prompt: string }): React.JSX.Element | null {
  const cell = useGrid((s) => s.cells[props.cellId])
  const openLightbox = useLightbox((s) => s.open)
  const current = useLightbox((s) => s.cellId === props.cellId)
  if (!cell) return null
  const seed = cell.image?.seed ?? cell.params.seed

  if (cell.state === 'saved' && cell.image) {
    return (
      <div className={`tile tile-saved ${current ? 'is-current' : ''}`} {...tileData(cell)}>
        <button
          type="button"
          className="tile-image-btn"
          onClick={() => openLightbox(cell.id)}
          aria-label={`Open ${styleName(cell.styleId)}: ${props.prompt}`}
        >
          <img
            className="tile-image"
            data-testid="grid-image"
            src={api.imageUrl(cell.image.id, 'thumb')}
            alt={`${styleName(cell.styleId)} — ${props.prompt}`}
            loading="lazy"
            decoding="async"
            draggable={false}
          />
        </button>
        {seed !== undefined && seed !== null ? <span className="tile-seed">seed {seed}</span> : null}
      </div>
    )
  }

  const explanation = cellExplanation(cell)
  return (
    <div className={`tile tile-${cell.state}`} {...tileData(cell)}>
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
