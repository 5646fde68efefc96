import type { CoreHandlers } from '@shared/contracts'
import type { batchPageContracts } from '@shared/contracts/batch-pages'
import { batchTotals, pageBatches, searchBatches } from './db/batch-pages'
import type { HandlerDeps } from './handlers'
import { batchSummary } from './views'

type BatchPageHandlers = Pick<CoreHandlers, keyof typeof batchPageContracts>

/** `batch.page`: the sidebar's list (and the CLI's `list`) one page at a time; see db/batch-pages.ts. */
export function createBatchPageHandlers(d: Pick<HandlerDeps, 'db' | 'eta'>): BatchPageHandlers {
  return {
    'batch.page': ({ after, limit, search }) => {
      const page = search?.trim() ? searchBatches(d.db, search, after, limit) : pageBatches(d.db, after, limit)
      return {
        batches: page.rows.map((b) => batchSummary(d.db, b, d.eta)),
        next: page.next,
        ...(after ? {} : { totals: batchTotals(d.db) }),
      }
    },
  }
}
