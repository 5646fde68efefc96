import type { PauseReason } from '@shared/contracts'
import type { BatchSummary } from '@shared/domain'
import { countOf, formatCount } from '@shared/format/numbers'
import { batchProgress } from './grid-layout'

export const APP_TITLE = 'Soul Batch'

/**
 * The window title while work runs: "3/12 · Soul Batch" for the running batches together (the taskbar shows the
 * same), plain "Soul Batch" when nothing runs.
 */
export function windowTitle(list: readonly Pick<BatchSummary, 'status' | 'total' | 'counts'>[]): string {
  let finished = 0
  let total = 0
  for (const b of list) {
    if (b.status !== 'active') continue
    const p = batchProgress(b)
    if (p.finished >= p.total) continue
    finished += p.finished
    total += p.total
  }
  return total > 0 ? `${formatCount(finished)}/${formatCount(total)} · ${APP_TITLE}` : APP_TITLE
}

export interface DesktopNotice {
  title: string
  body: string
}

/** A batch that just finished: it was running before and is done now. */
export function finishedBatchNotices(
  before: ReadonlyMap<string, BatchSummary['status']>,
  after: readonly BatchSummary[],
): DesktopNotice[] {
  const out: DesktopNotice[] = []
  for (const b of after) {
    const was = before.get(b.id)
    if (was === undefined || was === 'done' || b.status !== 'done') continue
    const p = batchProgress(b)
    const failed = p.failed > 0 ? `, ${formatCount(p.failed)} failed` : ''
    out.push({ title: `Batch finished: ${b.name}`, body: `${countOf(p.done, 'image')} saved${failed}.` })
  }
  return out
}

/** The queue stopped on its own (credits, key, spending cap, network); a user's own pause is no news. */
export function queuePauseNotice(before: PauseReason | null, after: PauseReason | null): DesktopNotice | null {
  if (!after || after.kind === 'user' || before?.kind === after.kind) return null
  return { title: 'Soul Batch paused the queue', body: after.message }
}
