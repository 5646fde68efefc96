import type { CellRow } from '../db/cells'
import { LatencyModel } from './latency'
import { replanCheck } from './planner'

interface Cached {
  updatedAt: number
  changedAt: number
  due: number
}

/**
 * Status checks are planned when an answer arrives, from what the model knew then. Jobs submitted together on a
 * server we know nothing about are all probing on a coarse grid; when the first of them finishes and the model
 * learns its time, the others' next checks are pulled in to the new estimate instead of waiting out their grid
 * step. Kept in memory only: a restart simply plans from the persisted next check, as before.
 */
/** Jobs of one kind that probe an unknown server at once; enough that one finishes early, few enough to be cheap. */
export const SCOUTS = 3

export class Replanner {
  private readonly cache = new Map<string, Cached>()
  /** Cell id -> latency key, for the jobs probing a kind the model knows nothing of yet. */
  private readonly scouts = new Map<string, string>()

  constructor(
    private readonly latency: LatencyModel,
    private readonly unitMs: number,
    private readonly aggressiveness: () => number,
    private readonly random: () => number,
  ) {}

  /** When this in-flight cell is due, given what the model knows now. */
  due(cell: CellRow, now: number): number {
    const planned = cell.nextCheckAt ?? now
    const polling = cell.state === 'queued' || cell.state === 'processing'
    if (!polling || planned <= now || cell.submittedAt === null) return planned
    const key = LatencyModel.key(cell.params.width_and_height, cell.params.quality)
    const changedAt = this.latency.changedAt(key)
    if (changedAt <= cell.updatedAt) return planned
    const hit = this.cache.get(cell.id)
    if (hit && hit.updatedAt === cell.updatedAt && hit.changedAt === changedAt) return hit.due
    const due = replanCheck({
      now,
      submittedAt: cell.submittedAt,
      polls: cell.polls,
      estimate: this.latency.estimate(key),
      aggressiveness: this.aggressiveness(),
      unitMs: this.unitMs,
      jitter: this.random(),
      scout: this.isScout(cell),
      plannedAt: planned,
      lastAnswerAt: cell.updatedAt,
    })
    this.cache.set(cell.id, { updatedAt: cell.updatedAt, changedAt, due })
    return due
  }

  /** Whether this job probes (see planner.ts): one of the first SCOUTS in flight of a kind not yet learned. */
  isScout(cell: Pick<CellRow, 'id' | 'params'>): boolean {
    const key = LatencyModel.key(cell.params.width_and_height, cell.params.quality)
    if (this.latency.estimate(key).informed) {
      for (const [id, k] of this.scouts) if (k === key) this.scouts.delete(id)
      return false
    }
    if (this.scouts.has(cell.id)) return true
    let n = 0
    for (const k of this.scouts.values()) if (k === key) n++
    if (n >= SCOUTS) return false
    this.scouts.set(cell.id, key)
    return true
  }

  /** Forgets cells no longer in flight, so the caches stay the size of the in-flight set. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.cache.keys()) if (!ids.has(id)) this.cache.delete(id)
    for (const id of this.scouts.keys()) if (!ids.has(id)) this.scouts.delete(id)
  }
}
