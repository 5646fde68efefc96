import type { BatchSummary } from '@shared/domain'
import { useBatchDialog } from '../../stores/batch-dialog'
import { deleteBatch, duplicateBatch, exportBatchCsv } from './batch-menu-actions'

/** The batch's own actions, at the top of its "⋯" menu; labels are a contract (tests and screen readers). */
export function BatchActionItems(props: { batch: BatchSummary; onDone: () => void }): React.JSX.Element {
  const { batch, onDone } = props
  const show = useBatchDialog((s) => s.show)
  const items: { label: string; hint: string; danger?: boolean; run: () => void }[] = [
    { label: 'Rename', hint: 'Give the batch a new name', run: () => show('rename', batch) },
    {
      label: 'Notes',
      hint: batch.notes ? 'Edit your notes' : 'Write down what you learned',
      run: () => show('notes', batch),
    },
    { label: 'Duplicate', hint: 'Open as a new draft to change', run: () => void duplicateBatch(batch) },
    { label: 'Re-run', hint: 'Same matrix, new batch, new seeds', run: () => show('rerun', batch) },
    {
      label: 'Export CSV',
      hint: 'Prompts, styles and sizes; Import CSV reads it back',
      run: () => void exportBatchCsv(batch),
    },
    { label: 'Delete', hint: 'Images go to the trash; you can undo', danger: true, run: () => void deleteBatch(batch) },
  ]
  return (
    <>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className={`menu-item ${item.danger ? 'menu-item-danger' : ''}`}
          onClick={() => {
            onDone()
            item.run()
          }}
        >
          <span>{item.label}</span>
          <span className="menu-hint">{item.hint}</span>
        </button>
      ))}
    </>
  )
}
