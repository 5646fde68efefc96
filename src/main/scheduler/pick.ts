/**
 * Which batch submits next: the best priority always first; among equals, the one served least recently
 * (round-robin), so two batches of the same priority fill up side by side.
 */
export interface RunnableBatch {
  id: string
  priority: number
  position: number
}

export function pickBatch(
  batches: readonly RunnableBatch[],
  lastServed: ReadonlyMap<string, number>,
): RunnableBatch | undefined {
  let best: RunnableBatch | undefined
  for (const b of batches) {
    if (!best) {
      best = b
      continue
    }
    if (b.priority !== best.priority) {
      if (b.priority > best.priority) best = b
      continue
    }
    const sb = lastServed.get(b.id) ?? -1
    const sBest = lastServed.get(best.id) ?? -1
    if (sb < sBest || (sb === sBest && b.position < best.position)) best = b
  }
  return best
}

/**
 * Which in-flight cell spends the budget first: downloads, then results, then polls by due time, so started work
 * finishes (and its result is fetched within Segmind's 1 h retention) before new work is paid for.
 */
export function inFlightRank(c: { state: string; outputUrl: string | null }): number {
  if (c.state === 'fetching') return c.outputUrl ? 0 : 1
  return 2
}
