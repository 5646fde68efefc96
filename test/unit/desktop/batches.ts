import type { BatchSummary } from '@shared/domain'

/** A batch summary with `saved` of `total` cells saved and the rest pending. */
export function batch(
  id: string,
  status: BatchSummary['status'],
  saved: number,
  total: number,
  extra: Partial<BatchSummary> = {},
): BatchSummary {
  return {
    id,
    name: `Batch ${id}`,
    status,
    createdAt: 0,
    priority: 0,
    total,
    counts: { saved, pending: total - saved },
    spend: 0,
    etaSeconds: null,
    ...extra,
  } as BatchSummary
}
