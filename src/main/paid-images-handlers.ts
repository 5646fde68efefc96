import type { CoreHandlers } from '@shared/contracts'
import { AppError } from '@shared/errors'
import type { CellRow } from './db/cells'
import type { Scheduler } from './scheduler/runner'

/** Handlers of src/shared/contracts/paid-images.ts. */
export function paidImageHandlers(d: {
  scheduler: Scheduler
  changed(batchId: string): void
}): Pick<CoreHandlers, 'cells.refetchUnwritten'> {
  return {
    'cells.refetchUnwritten': ({ batchId }) => {
      const out = d.scheduler.refetchUnwritten(batchId)
      for (const id of out.batchIds) d.changed(id)
      return out
    },
  }
}

/** Whether submitting this cell again would pay a second time for a job Segmind lost before its retention. */
export function wouldRebillVanished(cell: Pick<CellRow, 'state' | 'error'>): boolean {
  return cell.state === 'expired' && cell.error?.kind === 'vanished'
}

/** A retry of a vanished job without `confirmRebill: true` is refused with the reason, before anything changes. */
export function assertRebillConfirmed(
  cell: Pick<CellRow, 'state' | 'error'>,
  confirmRebill: boolean | undefined,
): void {
  if (!wouldRebillVanished(cell) || confirmRebill === true) return
  throw new AppError({
    kind: 'validation',
    message:
      'Segmind lost this job before its 1-hour retention, and its first submit was billed. Retrying submits it again ' +
      'and pays for a new generation; confirm that you want to pay again to retry it.',
  })
}
