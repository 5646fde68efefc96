import type { BatchSummary } from '@shared/domain'
import { batchProgress } from './grid-layout'

export type BatchTone = 'running' | 'waiting' | 'paused' | 'done' | 'attention' | 'cancelled'

/** One word for the sidebar: what the batch is doing now, not just its stored status. */
export function batchStatusLabel(batch: Pick<BatchSummary, 'status' | 'total' | 'counts'>): {
  label: string
  tone: BatchTone
} {
  const p = batchProgress(batch)
  if (batch.status === 'cancelled') return { label: 'Cancelled', tone: 'cancelled' }
  if (batch.status === 'paused') return { label: 'Paused', tone: 'paused' }
  const settled = p.finished >= p.total
  if (batch.status === 'done' || settled) {
    if (p.failed > 0 && p.needsDecision === 0) return { label: `${p.failed} failed`, tone: 'attention' }
    if (p.failed + p.needsDecision > 0) return { label: 'Needs attention', tone: 'attention' }
    return { label: 'Done', tone: 'done' }
  }
  if (p.inFlight > 0) return { label: 'Running', tone: 'running' }
  return { label: 'Waiting', tone: 'waiting' }
}
