import type { BatchDetail } from '@shared/domain'
import { MAX_CELL_PAGE } from '@shared/contracts'
import type { Core } from '../core-types'

/**
 * A batch with every one of its cells: `batch.get` sends the first page only, so the rest is paged in. The
 * CLI's summary counts every cell, and a headless run has no grid to page lazily for.
 */
export async function wholeBatch(core: Core, batchId: string): Promise<BatchDetail> {
  const detail = await core.handlers['batch.get']({ batchId })
  const cells = [...detail.cells]
  for (let after = detail.next ?? null; after !== null;) {
    const page = await core.handlers['batch.cells']({ batchId, after, limit: MAX_CELL_PAGE })
    cells.push(...page.cells)
    after = page.next
  }
  return { ...detail, cells, next: null }
}
