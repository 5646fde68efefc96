import { useEffect } from 'react'
import { parseSize, sizeLabel } from '@shared/catalog'
import { loadBatch } from '../../app/coreSync'
import { plural } from '../../model/format'
import { useGrid } from '../../stores/grid'
import { useGridView } from '../../stores/grid-view'
import { seedsPerPrompt } from '../../model/grid-layout'
import { GridWorkspace } from './GridWorkspace'
import { ProgressStrip } from './ProgressStrip'

/** One batch: its headline, progress and actions, and the prompt × style grid that fills in live. */
export function BatchView(props: { batchId: string }): React.JSX.Element {
  const { batchId } = props
  const status = useGrid((s) => s.status)
  const error = useGrid((s) => s.error)
  const batch = useGrid((s) => s.batch)
  const matrix = useGrid((s) => s.matrix)
  const layout = useGrid((s) => s.layout)

  useEffect(() => {
    // Each batch opens in the plain arrangement, with no focus or marks left from another grid.
    useGridView.getState().reset()
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
      </header>
      <ProgressStrip batch={batch} />
      <GridWorkspace
        layout={layout}
        aspect={aspectOf(matrix.width_and_height)}
        title={batch.name}
        fairSeeds={matrix.seeds.mode !== 'random'}
        leaderboard={{ batchId }}
      />
    </div>
  )
}

function aspectOf(size: string): number {
  const { width, height } = parseSize(size)
  return height / width
}
