import { MAX_EVENT_ITEMS, type CoreEvent, type QueueStatus } from '@shared/contracts'
import type { LibraryItem } from '@shared/contracts/library'
import type { BatchSummary, CellView } from '@shared/domain'

export interface EventSources {
  cell(id: string): CellView | undefined
  batch(id: string): BatchSummary | undefined
  queue(): QueueStatus
  /**
   * A value that changes whenever images enter or leave the library or the trash (a counter the triggers keep):
   * read at each flush, so a save, an import, a batch's deletion or a scan's adoption is noticed whoever did it.
   */
  libraryStamp?(): string
  libraryItems?(ids: readonly string[]): LibraryItem[]
}

/**
 * Coalesces what changed and pushes it at most once per interval: a cell that changes five times in 200 ms is
 * sent once, in its latest state, and its batch's progress once with it, so a 10 000-cell batch cannot flood a
 * renderer. Views are built only when someone listens.
 */
export class CoreEventHub {
  private readonly listeners = new Set<(e: CoreEvent) => void>()
  private readonly cells = new Set<string>()
  private readonly batches = new Set<string>()
  private queueDirty = false
  private readonly marked = new Set<string>()
  private moreMarked = false
  private libraryStamp: string | undefined
  private timer: NodeJS.Timeout | null = null
  private closed = false

  constructor(
    private readonly sources: EventSources,
    private readonly intervalMs = 200,
    private readonly onListenerError: (e: unknown) => void = () => {},
  ) {
    this.libraryStamp = sources.libraryStamp?.()
  }

  on(listener: (e: CoreEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  cellChanged(cellId: string, batchId: string): void {
    this.cells.add(cellId)
    this.batches.add(batchId)
    this.queueDirty = true
    this.arm()
  }

  batchChanged(batchId: string): void {
    this.batches.add(batchId)
    this.queueDirty = true
    this.arm()
  }

  queueChanged(): void {
    this.queueDirty = true
    this.arm()
  }

  /** Images were starred, rated or tagged; ids past MAX_EVENT_ITEMS only set `moreMarked`. */
  libraryMarked(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.marked.size >= MAX_EVENT_ITEMS) {
        this.moreMarked = true
        break
      }
      this.marked.add(id)
    }
    this.arm()
  }

  /** Images may have entered or left the library (the stamp tells at the flush whether they did). */
  libraryChanged(): void {
    this.arm()
  }

  /** Sends everything pending now (tests and shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const cells = [...this.cells]
    const batches = [...this.batches]
    const queue = this.queueDirty
    const marked = [...this.marked]
    const moreMarked = this.moreMarked
    const stamp = this.sources.libraryStamp?.()
    const membership = stamp !== this.libraryStamp
    this.libraryStamp = stamp
    this.cells.clear()
    this.batches.clear()
    this.queueDirty = false
    this.marked.clear()
    this.moreMarked = false
    if (this.listeners.size === 0) return
    for (const id of cells) {
      const cell = this.sources.cell(id)
      if (cell) this.emit({ type: 'cell', cell })
    }
    for (const id of batches) {
      const batch = this.sources.batch(id)
      if (batch) this.emit({ type: 'batch', batch })
    }
    if (queue) this.emit({ type: 'queue', queue: this.sources.queue() })
    if (membership || marked.length > 0 || moreMarked) {
      const items = marked.length > 0 ? (this.sources.libraryItems?.(marked) ?? []) : []
      this.emit({ type: 'library', change: { membership, marked: items, moreMarked } })
    }
  }

  close(): void {
    this.flush()
    this.closed = true
    this.listeners.clear()
  }

  private arm(): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => this.flush(), this.intervalMs)
    this.timer.unref()
  }

  private emit(e: CoreEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch (err) {
        this.onListenerError(err)
      }
    }
  }
}
