import type { CoreEvent, QueueStatus } from '@shared/contracts'
import type { BatchSummary, CellView } from '@shared/domain'

export interface EventSources {
  cell(id: string): CellView | undefined
  batch(id: string): BatchSummary | undefined
  queue(): QueueStatus
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
  private timer: NodeJS.Timeout | null = null
  private closed = false

  constructor(
    private readonly sources: EventSources,
    private readonly intervalMs = 200,
    private readonly onListenerError: (e: unknown) => void = () => {},
  ) {}

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

  /** Sends everything pending now (tests and shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const cells = [...this.cells]
    const batches = [...this.batches]
    const queue = this.queueDirty
    this.cells.clear()
    this.batches.clear()
    this.queueDirty = false
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
