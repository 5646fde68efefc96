import type { CellRow } from '../db/cells'

/**
 * An operation that ended without committing anything must not be retried on the very next tick: the cell rests
 * `restMs`. What an operation committed is known from the runner's `commit` (every arrow goes through it), so
 * deciding reads nothing from the database.
 */
export class SpinGuard {
  private readonly notBefore = new Map<string, number>()
  /** The last arrow committed per cell while its operation runs (null: none yet). */
  private readonly committedDuringOp = new Map<string, CellRow | null>()

  constructor(private readonly restMs: number) {}

  opStarted(cellId: string): void {
    if (!this.committedDuringOp.has(cellId)) this.committedDuringOp.set(cellId, null)
  }

  committed(cell: CellRow): void {
    if (this.committedDuringOp.has(cell.id)) this.committedDuringOp.set(cell.id, cell)
  }

  /** `launched` is the cell as its operation started; `before` its updatedAt then. */
  opEnded(launched: CellRow, before: number, now: number, stopping: boolean): void {
    const after = this.committedDuringOp.get(launched.id) ?? launched
    this.committedDuringOp.delete(launched.id)
    if (stopping) return
    if (after.updatedAt === before && (after.nextCheckAt ?? 0) <= now)
      this.notBefore.set(launched.id, now + this.restMs)
    else this.notBefore.delete(launched.id)
  }

  /** Not before this time (0: no rest). */
  restUntil(cellId: string): number {
    return this.notBefore.get(cellId) ?? 0
  }

  /** Forgets cells no longer in flight. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.notBefore.keys()) if (!ids.has(id)) this.notBefore.delete(id)
  }
}
