import type { BatchSummary } from '@shared/domain'
import { MAX_BATCH_PAGE, type BatchCursor } from '@shared/contracts/batch-pages'
import type { Core } from '../core-types'

/**
 * Every visible batch, newest first (what `soul-batch list` promises), read through `batch.page` one page at a
 * time like every listing, then put in creation order: the pages come in the app sidebar's order.
 */
export async function everyBatch(core: Pick<Core, 'handlers'>): Promise<BatchSummary[]> {
  const all: BatchSummary[] = []
  let after: BatchCursor | undefined
  do {
    const page = await core.handlers['batch.page']({ limit: MAX_BATCH_PAGE, ...(after ? { after } : {}) })
    all.push(...page.batches)
    after = page.next ?? undefined
  } while (after)
  // Stable: batches made in the same millisecond keep the page order.
  return all.sort((a, b) => b.createdAt - a.createdAt)
}
