import { useEffect, useMemo, useRef } from 'react'
import { parseSize } from '@shared/catalog'
import { plural } from '../../model/format'
import { useBatches } from '../../stores/batches'
import { SET_PREFIX, useGrid } from '../../stores/grid'
import { useGridSet } from '../../stores/grid-set'
import { GridWorkspace } from './GridWorkspace'

/**
 * The grid of a set of images (a gallery selection), over the gallery: closing it returns to the gallery as it
 * was. Opening a batch or another screen closes it.
 */
export function GridSetView(): React.JSX.Element | null {
  const open = useGridSet((s) => s.open)
  const title = useGridSet((s) => s.title)
  const cellIds = useGridSet((s) => s.cellIds)
  const close = useGridSet((s) => s.close)
  const layout = useGrid((s) => (s.batchId?.startsWith(SET_PREFIX) ? s.layout : null))
  const cells = useGrid((s) => s.cells)
  const view = useBatches((s) => s.view)
  const selectedId = useBatches((s) => s.selectedId)
  // Where the app was when the grid opened: moving elsewhere (a batch, compose, a new search URL) closes it.
  const where = useRef<{ view: string; selectedId: string | null } | null>(null)
  useEffect(() => {
    if (!open) {
      where.current = null
      return
    }
    if (where.current === null) where.current = { view, selectedId }
    else if (where.current.view !== view || where.current.selectedId !== selectedId) close()
  }, [open, view, selectedId, close])

  // Tiles take the shape most of the images have.
  const aspect = useMemo(() => {
    const counts = new Map<string, number>()
    for (const c of Object.values(cells))
      counts.set(c.params.width_and_height, (counts.get(c.params.width_and_height) ?? 0) + 1)
    const size = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
    if (!size) return 4 / 3
    const { width, height } = parseSize(size)
    return height / width
  }, [cells])

  if (!open || !layout) return null
  return (
    <section className="grid-set-view batch-view" aria-label={title} data-testid="grid-set-view">
      <header className="batch-head">
        <div className="batch-head-text">
          <h1 className="page-title">{title}</h1>
          <p className="batch-params">
            <span>{plural(layout.rows.length, 'row')} (prompt and seed)</span>
            <span>{plural(layout.columns.length, 'style')}</span>
          </p>
        </div>
        <button type="button" className="btn" onClick={close}>
          Back to the gallery
        </button>
      </header>
      <GridWorkspace layout={layout} aspect={aspect} title={title} fairSeeds leaderboard={{ cellIds }} />
    </section>
  )
}
