import { memo } from 'react'
import { styleName } from '@shared/catalog'
import { api } from '../../api'
import { useGrid } from '../../stores/grid'
import { useLightbox } from '../../stores/lightbox'
import { STATE_LABEL, cellExplanation } from './cellText'
import { retryCell } from './useBatchActions'

const WORKING = new Set(['submitting', 'queued', 'processing', 'fetching'])

/**
 * One generation in the grid. It subscribes to its own cell only, so an event for one cell re-renders one tile.
 */
export const GridCell = memo(function GridCell(props: {
  cellId: string
  prompt: string
}): React.JSX.Element | null {
  const cell = useGrid((s) => s.cells[props.cellId])
  const openLightbox = useLightbox((s) => s.open)
  const current = useLightbox((s) => s.cellId === props.cellId)
  if (!cell) return null
  const seed = cell.image?.seed ?? cell.params.seed

  if (cell.state === 'saved' && cell.image) {
    return (
      <div
        className={`tile tile-saved ${current ? 'is-current' : ''}`}
        data-testid="grid-cell"
        data-state={cell.state}
        data-cell-id={cell.id}
      >
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
  const working = WORKING.has(cell.state)
  return (
    <div
      className={`tile tile-${cell.state}`}
      data-testid="grid-cell"
      data-state={cell.state}
      data-cell-id={cell.id}
    >
      <div className="tile-body">
        <span className={`chip chip-${cell.state}`}>{STATE_LABEL[cell.state]}</span>
        {explanation ? (
          <p className="tile-reason" title={cell.error?.detail ?? explanation}>
            {explanation}
          </p>
        ) : null}
        {cell.state === 'failed' ? (
          <button type="button" className="btn btn-small" onClick={() => void retryCell(cell.id, true)}>
            Retry with new seed
          </button>
        ) : null}
        {cell.state === 'expired' || cell.state === 'unknown' ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void retryCell(cell.id, false)}
            title="Sends the same request again; it is billed again"
          >
            Resubmit
          </button>
        ) : null}
      </div>
      {working ? <span className={`tile-activity activity-${cell.state}`} aria-hidden="true" /> : null}
      {seed !== undefined && seed !== null && cell.state !== 'failed' ? (
        <span className="tile-seed">seed {seed}</span>
      ) : null}
    </div>
  )
})
