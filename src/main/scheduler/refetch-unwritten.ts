import type { Db } from '../db/connection'
import type { CellRow } from '../db/cells'
import { unwrittenCellIds } from '../db/unwritten-cells'
import type { CellEvent } from './transition'

const PAGE = 500

/**
 * Puts every cell whose finished image the library could not take back to fetching it, from the output URL it
 * kept (transition.ts `retry`: a failed cell that holds its job is resumed, not resubmitted). One transaction per
 * page, so a long list never holds the write lock for long. Returns how many and in which batches.
 */
export function refetchUnwritten(
  db: Db,
  commit: (cellId: string, event: CellEvent) => CellRow | null,
  now: () => number,
  batchId?: string,
): { requeued: number; batchIds: string[] } {
  const batches = new Set<string>()
  let requeued = 0
  let after = ''
  for (;;) {
    const ids = unwrittenCellIds(db, after, PAGE, batchId)
    if (ids.length === 0) break
    after = ids[ids.length - 1]!
    db.transaction(() => {
      for (const id of ids) {
        const next = commit(id, { type: 'retry', at: now() })
        if (next) {
          requeued++
          batches.add(next.batchId)
        }
      }
    })()
  }
  return { requeued, batchIds: [...batches] }
}
