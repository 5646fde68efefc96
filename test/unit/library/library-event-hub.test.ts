import { describe, expect, it } from 'vitest'
import { MAX_EVENT_ITEMS, type CoreEvent, type QueueStatus } from '@shared/contracts'
import type { LibraryItem } from '@shared/contracts/library'
import { CoreEventHub } from '../../../src/main/events'

/** The hub's library part, on sources held in plain variables (what the core reads from SQLite). */
function hub(): { hub: CoreEventHub; events: CoreEvent[]; stamp: { value: number } } {
  const stamp = { value: 0 }
  const item = (id: string): LibraryItem => ({ id, starred: true }) as LibraryItem // only the id travels through the hub; the core reads real rows
  const h = new CoreEventHub(
    {
      cell: () => undefined,
      batch: () => undefined,
      queue: () => ({}) as QueueStatus,
      libraryStamp: () => String(stamp.value),
      libraryItems: (ids) => ids.map(item),
    },
    10_000,
  )
  const events: CoreEvent[] = []
  h.on((e) => events.push(e))
  return { hub: h, events, stamp }
}

const library = (events: CoreEvent[]) => events.flatMap((e) => (e.type === 'library' ? [e.change] : []))

describe('library events in the core event hub', () => {
  it('coalesces marks of one interval into one event, each image once', () => {
    const { hub: h, events } = hub()
    h.libraryMarked(['a', 'b'])
    h.libraryMarked(['b', 'c'])
    h.flush()
    expect(library(events)).toEqual([
      { membership: false, marked: ['a', 'b', 'c'].map((id) => ({ id, starred: true })), moreMarked: false },
    ])
  })

  it('carries at most MAX_EVENT_ITEMS images and says there were more', () => {
    const { hub: h, events } = hub()
    h.libraryMarked(Array.from({ length: MAX_EVENT_ITEMS + 50 }, (_, i) => `id-${i}`))
    h.flush()
    const [change] = library(events)
    expect(change!.marked).toHaveLength(MAX_EVENT_ITEMS)
    expect(change!.moreMarked).toBe(true)
  })

  it('reports membership when the stamp moved, whoever moved it, and only then', () => {
    const { hub: h, events, stamp } = hub()
    h.queueChanged()
    h.flush()
    expect(library(events)).toEqual([])
    // e.g. a batch deleted through its own call: only a batch event arms the hub
    stamp.value++
    h.batchChanged('x')
    h.flush()
    expect(library(events)).toEqual([{ membership: true, marked: [], moreMarked: false }])
    h.libraryChanged()
    h.flush()
    expect(library(events)).toHaveLength(1)
  })
})
