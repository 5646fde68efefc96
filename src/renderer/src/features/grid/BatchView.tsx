import { useEffect, useState } from 'react'
import { sizeLabel } from '@shared/catalog'
import { loadBatch } from '../../app/coreSync'
import { plural } from '../../model/format'
import { useGrid } from '../../stores/grid'
import { BatchGrid } from './BatchGrid'
import { seedsPerPrompt } from '../../model/grid-layout'
import { ProgressStrip } from './ProgressStrip'

const TILE_SIZES = [
  { label: 'S', width: 150 },
  { label: 'M', width: 210 },
  { label: 'L', width: 300 },
] as const

/** One batch: its headline, progress and actions, and the prompt × style grid that fills in live. */
export function BatchView(props: { batchId: string }): React.JSX.Element {
  const { batchId } = props
  const status = useGrid((s) => s.status)
  const error = useGrid((s) => s.error)
  const batch = useGrid((s) => s.batch)
  const matrix = useGrid((s) => s.matrix)
  const layout = useGrid((s) => s.layout)
  const [tileWidth, setTileWidth] = useState<number>(TILE_SIZES[1].width)

  useEffect(() => {
    void loadBatch(batchId)
  }, [batchId])

  if (status === 'error') {
    return (
      <div className="empty-state" role="alert">
        <h2>This batch could not be opened.</h2>
        <p>{error}</p>
        <button type="button" className="btn" onClick={() => void loadBatch(batchId)}>
          Try again
        </button>
      </div>
    )
  }
  if (!batch || !matrix || !layout) {
    return (
      <div className="empty-state" aria-busy="true">
        <p className="muted">Opening batch…</p>
      </div>
    )
  }

  const seeds = seedsPerPrompt(matrix)
  return (
    <div className="batch-view">
      <header className="batch-head">
        <div className="batch-head-text">
          <h1 className="page-title" title={batch.name}>
            {batch.name}
          </h1>
          <p className="batch-params">
            <span>{plural(matrix.prompts.length, 'prompt')}</span>
            <span>{plural(layout.columns.length, 'style')}</span>
            {seeds > 1 ? <span>{plural(seeds, 'seed')} each</span> : null}
            <span>{sizeLabel(matrix.width_and_height)}</span>
            <span>{matrix.quality}</span>
            <span>strength {matrix.style_strength.toFixed(2)}</span>
          </p>
          {batch.notes ? (
            <p className="batch-notes" data-testid="batch-notes">
              {batch.notes}
            </p>
          ) : null}
        </div>
        <span className="zoom-label" aria-hidden="true">
          Thumbnails
        </span>
        <div className="segmented" role="group" aria-label="Thumbnail size">
          {TILE_SIZES.map((t) => (
            <button
              key={t.label}
              type="button"
              className={`segment ${tileWidth === t.width ? 'is-selected' : ''}`}
              aria-pressed={tileWidth === t.width}
              onClick={() => setTileWidth(t.width)}
            >
              {t.label}
            </button>
          ))}
        </div>
      </header>
      <ProgressStrip batch={batch} />
      <BatchGrid layout={layout} size={matrix.width_and_height} tileWidth={tileWidth} />
    </div>
  )
}
