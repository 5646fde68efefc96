import type { BatchSummary } from '@shared/domain'
import { api } from '../../api'
import { refreshBatchList } from '../../app/coreSync'
import { messageOf } from '../../lib/errors'
import { draftFromBatch } from '../../model/draft-from-batch'
import { plural } from '../../model/format'
import { useBatches } from '../../stores/batches'
import { useNotices } from '../../stores/notices'

const notices = (): ReturnType<typeof useNotices.getState> => useNotices.getState()

/** Duplicate: the batch's matrix becomes a new draft on the compose page; nothing is generated yet. */
export async function duplicateBatch(batch: BatchSummary): Promise<void> {
  try {
    // The compose store (and the zod check of a stored draft) loads with the compose screen, not at start.
    const [copy, { useCompose }] = await Promise.all([
      api.call('batch.duplicate', { batchId: batch.id }),
      import('../../stores/compose'),
    ])
    const compose = useCompose.getState()
    compose.update(draftFromBatch(copy.name, copy.matrix, copy.budgetCap, compose.draft))
    useBatches.getState().openCompose()
    notices().push('info', `"${batch.name}" is a new draft: change what you like, then Generate.`)
  } catch (error) {
    notices().push('error', `Could not duplicate the batch: ${messageOf(error)}`)
  }
}

export async function rerunBatch(batch: BatchSummary): Promise<void> {
  try {
    const created = await api.call('batch.rerun', { batchId: batch.id })
    await refreshBatchList().catch(() => undefined)
    useBatches.getState().openBatch(created.batchId)
  } catch (error) {
    notices().push('error', `Could not re-run the batch: ${messageOf(error)}`)
  }
}

/** Delete: the batch leaves the list and its images go to the trash; the notice offers Undo. */
export async function deleteBatch(batch: BatchSummary): Promise<void> {
  try {
    const { trashedImages } = await api.call('batch.delete', { batchId: batch.id })
    const state = useBatches.getState()
    state.remove(batch.id)
    if (state.view === 'grid' && state.selectedId === batch.id) state.openCompose()
    const images = trashedImages > 0 ? ` ${plural(trashedImages, 'image')} moved to the trash.` : ''
    notices().push('info', `Deleted "${batch.name}".${images}`, {
      label: 'Undo',
      run: () => void undoDelete(batch),
    })
  } catch (error) {
    notices().push('error', `Could not delete the batch: ${messageOf(error)}`)
  }
}

async function undoDelete(batch: BatchSummary): Promise<void> {
  try {
    useBatches.getState().upsert(await api.call('batch.undoDelete', { batchId: batch.id }))
    notices().push('info', `"${batch.name}" is back, with its images.`)
  } catch (error) {
    notices().push('error', `Could not undo the delete: ${messageOf(error)}`)
  }
}

/** Export CSV: a file that Import CSV reads back to the same prompts, styles and sizes. */
export async function exportBatchCsv(batch: BatchSummary): Promise<void> {
  try {
    const file = await api.call('batch.exportCsv', { batchId: batch.id })
    const url = URL.createObjectURL(new Blob([file.text], { type: 'text/csv;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = file.fileName
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  } catch (error) {
    notices().push('error', `Could not export the batch: ${messageOf(error)}`)
  }
}
