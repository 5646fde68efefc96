import type { CoreEvent, PauseReason } from './contracts'
import type { BatchSummary } from './domain'
import { countOf, formatCount } from './format/numbers'

/**
 * What a desktop window shows about the queue, computed from the core's events (issue 10, "desktop habits"):
 * the title and the taskbar/dock progress ("3/12 · Soul Batch") and the system notifications. Pure, so browser
 * mode (the renderer's document.title and Notification API) and the desktop app (BrowserWindow.setProgressBar and
 * Electron's Notification in main) say the same thing.
 */

export const APP_TITLE = 'Soul Batch'

type Progressed = Pick<BatchSummary, 'status' | 'total' | 'counts'>

/** Cells of a batch that will not change again without the user (saved, failed, unknown, expired, cancelled). */
function settled(b: Pick<BatchSummary, 'counts'>): { finished: number; done: number; failed: number } {
  const n = (s: keyof BatchSummary['counts']): number => b.counts[s] ?? 0
  const done = n('saved')
  const failed = n('failed')
  return { done, failed, finished: done + failed + n('unknown') + n('expired') + n('cancelled') }
}

/** Finished and total cells of the running batches together; total 0 when nothing runs. */
export function runningProgress(list: Iterable<Progressed>): { finished: number; total: number } {
  let finished = 0
  let total = 0
  for (const b of list) {
    if (b.status !== 'active') continue
    const p = settled(b)
    if (p.finished >= b.total) continue
    finished += p.finished
    total += b.total
  }
  return { finished, total }
}

/**
 * The window title while work runs: "3/12 · Soul Batch" for the running batches together (the taskbar shows the
 * same), plain "Soul Batch" when nothing runs.
 */
export function windowTitle(list: Iterable<Progressed>): string {
  const { finished, total } = runningProgress(list)
  return total > 0 ? `${formatCount(finished)}/${formatCount(total)} · ${APP_TITLE}` : APP_TITLE
}

export interface DesktopNotice {
  title: string
  body: string
}

/** A batch that just finished: it was running before and is done now. */
export function finishedBatchNotices(
  before: ReadonlyMap<string, BatchSummary['status']>,
  after: Iterable<BatchSummary>,
): DesktopNotice[] {
  const out: DesktopNotice[] = []
  for (const b of after) {
    const was = before.get(b.id)
    if (was === undefined || was === 'done' || b.status !== 'done') continue
    const p = settled(b)
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

/** What main keeps between core events: the batches it has heard of and why the queue is paused. */
export interface HabitsState {
  batches: ReadonlyMap<string, BatchSummary>
  reason: PauseReason | null
}

export const EMPTY_HABITS: HabitsState = { batches: new Map(), reason: null }

/** The window as it should look: its title, and the taskbar progress (null = no bar; paused = the queue stopped). */
export interface HabitsView {
  title: string
  progress: number | null
  paused: boolean
}

export function habitsView(state: HabitsState): HabitsView {
  const { finished, total } = runningProgress(state.batches.values())
  return {
    title: windowTitle(state.batches.values()),
    progress: total > 0 ? finished / total : null,
    paused: total > 0 && state.reason !== null,
  }
}

/** One core event applied: the next state and the notifications it calls for (cell events change nothing here). */
export function applyCoreEvent(state: HabitsState, event: CoreEvent): { state: HabitsState; notices: DesktopNotice[] } {
  if (event.type === 'batch') {
    const b = event.batch
    const batches = new Map(state.batches)
    if (b.deleted) batches.delete(b.id)
    else batches.set(b.id, b)
    const before = new Map([...state.batches].map(([id, x]) => [id, x.status]))
    return { state: { ...state, batches }, notices: b.deleted ? [] : finishedBatchNotices(before, [b]) }
  }
  if (event.type === 'queue') {
    const next = event.queue.reason ?? null
    const notice = queuePauseNotice(state.reason, next)
    return { state: { ...state, reason: next }, notices: notice ? [notice] : [] }
  }
  return { state, notices: [] }
}
