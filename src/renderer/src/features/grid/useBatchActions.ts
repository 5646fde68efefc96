import { useState } from 'react'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { plural } from '../../model/format'
import { useBatches } from '../../stores/batches'
import { useGrid } from '../../stores/grid'
import { useNotices } from '../../stores/notices'

type BatchAction = 'pause' | 'resume' | 'retryFailed' | 'cancel' | 'resumeAll' | 'resubmitUnknown' | 'dropUnknown'

/** The progress strip's buttons; results update the stores at once and also arrive later as events. */
export function useBatchActions(batchId: string): {
  busy: BatchAction | null
  run: (action: BatchAction) => Promise<void>
} {
  const [busy, setBusy] = useState<BatchAction | null>(null)
  const notices = useNotices.getState()

  async function run(action: BatchAction): Promise<void> {
    setBusy(action)
    try {
      if (action === 'pause' || action === 'resume') {
        const batch = await api.call(action === 'pause' ? 'batch.pause' : 'batch.resume', { batchId })
        useBatches.getState().upsert(batch)
        useGrid.getState().applyBatch(batch)
      } else if (action === 'resumeAll') {
        const { requeued, batch } = await api.call('batch.resumeAll', { batchId })
        useBatches.getState().upsert(batch)
        useGrid.getState().applyBatch(batch)
        notices.push('info', `${plural(requeued, 'cell')} sent back to the queue.`)
      } else if (action === 'resubmitUnknown' || action === 'dropUnknown') {
        const choice = action === 'resubmitUnknown' ? 'resubmit' : 'drop'
        const { changed } = await api.call('batch.resolveUnknown', { batchId, choice })
        notices.push(
          'info',
          choice === 'resubmit' ? `${plural(changed, 'cell')} sent again.` : `${plural(changed, 'cell')} dropped.`,
        )
      } else if (action === 'retryFailed') {
        const { requeued } = await api.call('batch.retryFailed', { batchId })
        notices.push('info', requeued > 0 ? `${plural(requeued, 'cell')} sent back to the queue.` : 'Nothing to retry.')
      } else {
        const { cancelled, stillOnServer } = await api.call('batch.cancel', { batchId })
        const onServer =
          stillOnServer > 0 ? ` ${plural(stillOnServer, 'cell')} already on Segmind may still be billed.` : ''
        notices.push('info', `Cancelled ${plural(cancelled, 'cell')}.${onServer}`)
      }
    } catch (error) {
      notices.push('error', messageOf(error))
    } finally {
      setBusy(null)
    }
  }
  return { busy, run }
}

/** Retry one cell: with a new seed after a failure, or the same request again after expiry or an unknown fate. */
/** `confirmRebill`: the user agreed to pay again for a job Segmind lost after billing it (ConfirmDialog). */
export async function retryCell(cellId: string, newSeed: boolean, confirmRebill = false): Promise<void> {
  try {
    await api.call('cell.retry', { cellId, newSeed, ...(confirmRebill ? { confirmRebill } : {}) })
  } catch (error) {
    useNotices.getState().push('error', messageOf(error))
  }
}
