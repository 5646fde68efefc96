import { plural } from '../../model/format'
import { MAX_COMPARE, useCompare } from '../../stores/compare'
import { useBatches } from '../../stores/batches'

/**
 * While a grid is open and images wait in the comparison set (the grid's C key adds them), a small tray says how
 * many and opens the compare view; without it the set would fill up unseen.
 */
export function CompareTray(): React.JSX.Element | null {
  const count = useCompare((s) => s.items.length)
  const open = useCompare((s) => s.open)
  const setOpen = useCompare((s) => s.setOpen)
  const clear = useCompare((s) => s.clear)
  const inGrid = useBatches((s) => s.view === 'grid')
  if (open || count === 0 || !inGrid) return null
  return (
    <div className="compare-tray" role="region" aria-label="Comparison set" data-testid="compare-tray">
      <span>
        {plural(count, 'image')} to compare{count >= MAX_COMPARE ? ' (full)' : ''}
      </span>
      <button type="button" className="btn btn-small btn-primary" disabled={count < 2} onClick={() => setOpen(true)}>
        Compare
      </button>
      <button type="button" className="icon-btn" aria-label="Clear the comparison set" onClick={clear}>
        ×
      </button>
    </div>
  )
}
