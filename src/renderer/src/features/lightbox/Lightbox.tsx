import { useEffect } from 'react'
import { sizeLabel, styleById } from '@shared/catalog'
import { api } from '../../api'
import { formatMoney } from '../../model/format'
import { useGrid } from '../../stores/grid'
import { useLightbox } from '../../stores/lightbox'
import { StyleSwatch } from '../compose/StylePicker'
import { imagePosition, nextImageCell, type Direction } from '../../model/lightbox-navigation'

const KEY_DIRECTIONS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
}

/** The full image of one cell with what made it; arrow keys walk the grid, Esc closes. */
export function Lightbox(): React.JSX.Element | null {
  const cellId = useLightbox((s) => s.cellId)
  const open = useLightbox((s) => s.open)
  const close = useLightbox((s) => s.close)
  const cell = useGrid((s) => (cellId ? s.cells[cellId] : undefined))
  const cells = useGrid((s) => s.cells)
  const layout = useGrid((s) => s.layout)
  const matrix = useGrid((s) => s.matrix)

  // Keep the grid under the lightbox in step, so closing it lands where the eye left off.
  useEffect(() => {
    if (!cellId) return
    document
      .querySelector(`[data-cell-id="${CSS.escape(cellId)}"]`)
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }, [cellId])

  useEffect(() => {
    if (!cellId) return
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Escape') {
        e.preventDefault()
        close()
        return
      }
      const direction = KEY_DIRECTIONS[e.key]
      const grid = useGrid.getState()
      if (!direction || !grid.layout || !cellId) return
      e.preventDefault()
      const hasImage = (id: string): boolean => grid.cells[id]?.image != null
      open(nextImageCell(grid.layout, cellId, direction, hasImage))
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [cellId, open, close])

  if (!cellId || !cell?.image || !layout) return null
  const image = cell.image
  const style = styleById(cell.styleId)
  const prompt = matrix?.prompts[cell.promptIndex]?.prompt ?? cell.params.prompt
  const seed = image.seed ?? cell.params.seed
  const position = imagePosition(layout, cellId, (id) => cells[id]?.image != null)

  return (
    <div
      className="lightbox"
      role="dialog"
      aria-modal="true"
      aria-label="Image viewer"
      data-testid="lightbox"
      onMouseDown={close}
    >
      <div className="lightbox-stage">
        <img
          key={image.id}
          className="lightbox-image"
          data-testid="lightbox-image"
          src={api.imageUrl(image.id, 'full')}
          alt={`${style?.name ?? cell.styleId} — ${prompt}`}
          onMouseDown={(e) => e.stopPropagation()}
        />
      </div>
      <aside className="lightbox-panel" onMouseDown={(e) => e.stopPropagation()}>
        <div className="lightbox-panel-head">
          <span className="lightbox-style">
            <StyleSwatch hue={style?.hue ?? 0} />
            <span>{style?.name ?? cell.styleId}</span>
          </span>
          {position ? (
            <span className="lightbox-position" data-testid="lightbox-position">
              {position.index} of {position.total}
            </span>
          ) : null}
          <button type="button" className="icon-btn" aria-label="Close" data-testid="lightbox-close" onClick={close}>
            ×
          </button>
        </div>
        <p className="lightbox-prompt" data-testid="lightbox-prompt">
          {prompt}
        </p>
        <dl className="facts">
          <dt>Seed</dt>
          <dd>{seed ?? '—'}</dd>
          <dt>Size</dt>
          <dd>{sizeLabel(cell.params.width_and_height)}</dd>
          <dt>Image</dt>
          <dd>
            {image.width}×{image.height}
          </dd>
          <dt>Quality</dt>
          <dd>{cell.params.quality ?? '1080p'}</dd>
          <dt>Strength</dt>
          <dd>{(cell.params.style_strength ?? 1).toFixed(2)}</dd>
          {cell.cost !== null ? (
            <>
              <dt>Cost</dt>
              <dd>{formatMoney(cell.cost)}</dd>
            </>
          ) : null}
        </dl>
        <dl className="lightbox-keys">
          <dt>
            <kbd className="kbd">←</kbd> <kbd className="kbd">→</kbd>
          </dt>
          <dd>Previous / next image</dd>
          <dt>
            <kbd className="kbd">↑</kbd> <kbd className="kbd">↓</kbd>
          </dt>
          <dd>Same style, other prompts</dd>
          <dt>
            <kbd className="kbd">Esc</kbd>
          </dt>
          <dd>Back to the grid</dd>
        </dl>
      </aside>
    </div>
  )
}
