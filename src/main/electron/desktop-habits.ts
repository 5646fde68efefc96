import { Notification, type BrowserWindow } from 'electron'
import { z } from 'zod'
import type { CoreEvent } from '@shared/contracts'
import { BatchSummarySchema } from '@shared/domain'
import { applyCoreEvent, EMPTY_HABITS, habitsView, type DesktopNotice, type HabitsState } from '@shared/desktop-habits'
import type { RemoteCore } from '../channel/remote-core'
import type { Logger } from '../core-types'

/** The parts of a BrowserWindow this uses (a plain object in unit tests). */
export type HabitsWindow = Pick<BrowserWindow, 'setTitle' | 'setProgressBar' | 'isFocused' | 'isDestroyed' | 'on'>

const BatchListSchema = z.union([
  z.array(BatchSummarySchema),
  // A paged listing (batch.page) answers { batches }; the running batches are on its first page either way.
  z.object({ batches: z.array(BatchSummarySchema) }).transform((p) => p.batches),
  z.object({ items: z.array(BatchSummarySchema) }).transform((p) => p.items),
])

/**
 * Desktop habits (issue 10) in main: the window title and the taskbar/dock progress follow the running batches
 * ("3/12 · Soul Batch"; the bar turns to its paused look when the queue stopped on its own), and a system
 * notification says when a batch finishes or the queue pauses by itself, unless the window is in front (the app's
 * own notices say it there). What to show is computed by the pure rules in src/shared/desktop-habits.ts.
 */
export function showDesktopHabits(
  core: Pick<RemoteCore, 'call' | 'onEvent'>,
  window: () => HabitsWindow | null,
  log?: Logger,
): () => void {
  let state: HabitsState = EMPTY_HABITS
  let shown = { title: '', progress: null as number | null, paused: false }
  let titleGuarded: HabitsWindow | null = null

  const render = (): void => {
    const win = window()
    if (!win || win.isDestroyed()) return
    if (titleGuarded !== win) {
      // Main owns the title: the page's own <title> would otherwise replace it on every update.
      win.on('page-title-updated', (e) => e.preventDefault())
      titleGuarded = win
      shown = { title: '', progress: null, paused: false }
    }
    const view = habitsView(state)
    if (view.title !== shown.title) win.setTitle(view.title)
    if (view.progress !== shown.progress || view.paused !== shown.paused) {
      // -1 removes the bar; the paused mode shows where the OS has one (Windows), a plain bar elsewhere.
      win.setProgressBar(view.progress ?? -1, { mode: view.paused ? 'paused' : 'normal' })
    }
    shown = view
  }

  const notify = (n: DesktopNotice): void => {
    const win = window()
    if (win && !win.isDestroyed() && win.isFocused()) return
    try {
      if (Notification.isSupported()) new Notification({ title: n.title, body: n.body }).show()
    } catch (e) {
      log?.warn('system notification failed', { error: String(e) })
    }
  }

  const onEvent = (event: CoreEvent): void => {
    const next = applyCoreEvent(state, event)
    state = next.state
    for (const n of next.notices) notify(n)
    render()
  }
  const off = core.onEvent(onEvent)

  // Batches already running when the window opens (a restart mid-batch) count from the start.
  void core.call('batch.page', {}).then((answer) => {
    const list = answer.ok ? BatchListSchema.safeParse(answer.data) : null
    if (!list?.success) return
    const batches = new Map(state.batches)
    for (const b of list.data) if (!batches.has(b.id)) batches.set(b.id, b)
    state = { ...state, batches }
    render()
  })
  render()
  return off
}
