import { describe, expect, it } from 'vitest'
import type { CoreEvent } from '@shared/contracts'
import { applyCoreEvent, EMPTY_HABITS, habitsView, type HabitsState } from '@shared/desktop-habits'
import { batch } from './batches'

const queue = (reason: { kind: 'user' | 'credits' | 'network'; message: string } | null): CoreEvent =>
  ({
    type: 'queue',
    queue: {
      paused: reason !== null,
      reason,
      inFlight: 0,
      pending: 0,
      rpm: 5,
      effectiveRpm: 5,
      concurrency: 4,
      rateLimitedUntil: null,
      requests: { submit: 0, status: 0, result: 0, download: 0 },
    },
  }) as CoreEvent

function run(events: CoreEvent[], from: HabitsState = EMPTY_HABITS) {
  let state = from
  const notices: { title: string; body: string }[] = []
  for (const e of events) {
    const next = applyCoreEvent(state, e)
    state = next.state
    notices.push(...next.notices)
  }
  return { state, notices, view: habitsView(state) }
}

describe('desktop habits from core events', () => {
  it('title and taskbar progress follow the running batches together', () => {
    const { view } = run([
      { type: 'batch', batch: batch('a', 'active', 3, 12) },
      { type: 'batch', batch: batch('b', 'done', 4, 4) },
    ])
    expect(view).toEqual({ title: '3/12 · Soul Batch', progress: 0.25, paused: false })
    const two = run(
      [{ type: 'batch', batch: batch('c', 'active', 1000, 2000) }],
      run([{ type: 'batch', batch: batch('a', 'active', 3, 12) }]).state,
    )
    expect(two.view.title).toBe('1,003/2,012 · Soul Batch')
  })

  it('no running batch: plain title, no bar; a deleted batch stops counting', () => {
    expect(habitsView(EMPTY_HABITS)).toEqual({ title: 'Soul Batch', progress: null, paused: false })
    const { view } = run([
      { type: 'batch', batch: batch('a', 'active', 1, 4) },
      { type: 'batch', batch: batch('a', 'active', 1, 4, { deleted: true }) },
    ])
    expect(view).toEqual({ title: 'Soul Batch', progress: null, paused: false })
  })

  it('a batch that finishes is announced once, with what was saved and failed', () => {
    const { notices, view } = run([
      { type: 'batch', batch: batch('a', 'active', 2, 4) },
      { type: 'batch', batch: batch('a', 'done', 3, 4, { counts: { saved: 3, failed: 1 } }) },
      { type: 'batch', batch: batch('a', 'done', 3, 4, { counts: { saved: 3, failed: 1 } }) },
    ])
    expect(notices).toEqual([{ title: 'Batch finished: Batch a', body: '3 images saved, 1 failed.' }])
    expect(view.progress).toBeNull()
  })

  it('a batch first heard of as done (already finished before) is no news', () => {
    expect(run([{ type: 'batch', batch: batch('a', 'done', 4, 4) }]).notices).toEqual([])
  })

  it('the queue pausing on its own is announced and shows on the bar; a user pause is not announced', () => {
    const running = run([{ type: 'batch', batch: batch('a', 'active', 1, 4) }]).state
    const credits = run([queue({ kind: 'credits', message: 'Out of credits.' })], running)
    expect(credits.notices).toEqual([{ title: 'Soul Batch paused the queue', body: 'Out of credits.' }])
    expect(credits.view).toMatchObject({ paused: true, progress: 0.25 })
    // The same reason again (a coalesced repeat) is not a second notification.
    expect(run([queue({ kind: 'credits', message: 'Out of credits.' })], credits.state).notices).toEqual([])
    const user = run([queue({ kind: 'user', message: 'Paused by you.' })], running)
    expect(user.notices).toEqual([])
    expect(user.view.paused).toBe(true)
    expect(run([queue(null)], credits.state).view.paused).toBe(false)
  })
})
