import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CoreEvent, LibraryChange } from '@shared/contracts'
import { createCore, type Core } from '../../../src/main/core'
import { FAST_DEMO, matrix, tempHome } from '../core/helpers'

/**
 * The 'library' event (issue 8): whatever changes the library — a running batch saving images, marks, the trash,
 * a batch's deletion — every listener (each open window) hears it once per coalescing interval, with the marked
 * images as they now are. Real core, demo simulator over loopback, real SQLite and files.
 */
describe('library change events', () => {
  let core: Core | null = null
  let cleanup = (): void => {}
  afterEach(async () => {
    await core?.close()
    core = null
    cleanup()
  })

  function changes(events: CoreEvent[]): LibraryChange[] {
    return events.flatMap((e) => (e.type === 'library' ? [e.change] : []))
  }

  it('reaches every window when images are saved, marked, trashed, restored or deleted with their batch', async () => {
    const t = tempHome('library-events')
    cleanup = t.cleanup
    core = await createCore({ home: t.home, demo: FAST_DEMO, settings: { rpm: 600, concurrency: 4 }, scanDelayMs: 0 })
    await core.whenScanned()
    const one: CoreEvent[] = []
    const two: CoreEvent[] = []
    core.onEvent((e) => one.push(e))
    core.onEvent((e) => two.push(e))

    // A running batch saves images: the library grows, and galleries hear it without asking.
    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['events lighthouse', 'events fox']) })
    await core.waitForIdle()
    await vi.waitFor(() => expect(changes(one).some((c) => c.membership)).toBe(true), { timeout: 10_000 })
    const items = await core.handlers['library.list']({ filter: {}, sort: 'newest', limit: 10, withTotal: false })
    expect(items.items).toHaveLength(4)
    const [a, b] = items.items.map((i) => i.id) as [string, string]

    // A star and a tag: the event carries the images as they are now, and says nothing entered or left.
    one.length = 0
    core.handlers['library.mark']({ ids: [a], starred: true })
    core.handlers['library.mark']({ ids: [b], rating: 4, addTags: ['keeper'] })
    await vi.waitFor(() => expect(changes(one)).toHaveLength(1), { timeout: 5_000 })
    const marked = changes(one)[0]!
    expect(marked.membership).toBe(false)
    expect(marked.moreMarked).toBe(false)
    const byId = new Map(marked.marked.map((i) => [i.id, i]))
    expect(byId.get(a)?.starred).toBe(true)
    expect(byId.get(b)).toMatchObject({ rating: 4, tags: ['keeper'] })
    // Both windows heard the same thing.
    expect(changes(two).at(-1)).toEqual(marked)

    // The trash and its undo move images out of and back into the library.
    one.length = 0
    core.handlers['library.trash']({ ids: [a] })
    await vi.waitFor(() => expect(changes(one).filter((c) => c.membership)).toHaveLength(1), { timeout: 5_000 })
    one.length = 0
    core.handlers['library.restore']({ ids: [a] })
    await vi.waitFor(() => expect(changes(one).filter((c) => c.membership)).toHaveLength(1), { timeout: 5_000 })

    // Deleting the batch (not a library call) trashes its images: the counter the triggers keep notices.
    one.length = 0
    await core.handlers['batch.delete']({ batchId })
    await vi.waitFor(() => expect(changes(one).some((c) => c.membership)).toBe(true), { timeout: 5_000 })

    // Nothing changed: no library event (a queue or batch event alone does not make one).
    one.length = 0
    core.handlers['queue.pause']({})
    await new Promise((r) => setTimeout(r, 600))
    expect(one.some((e) => e.type === 'queue')).toBe(true)
    expect(changes(one)).toEqual([])
  })
})
