import type { CellRow } from '../db/cells'
import { LatencyModel } from './latency'
import { replanCheck } from './planner'

interface Cached {
  updatedAt: number
  changedAt: number
  aggressiveness: number
  due: number
}

/** A rise in the polling knob this large (a budget that freed up) re-plans checks made when requests were dear. */
const KNOB_RISE = 0.25

/**
 * Jobs of one kind that probe an unknown server at once: with budget slack, enough that one finishes early, few
 * enough to be cheap; when the budget binds, one (its "not yet" answers are the only requests above the floor).
 */
export const SCOUTS = { slack: 3, binding: 1 } as const
/** Below this polling knob the budget is treated as binding for scouting. */
const BINDING_KNOB = 0.5

/**
 * Status checks are planned when an answer arrives, from what the model knew then. Jobs submitted together on a
 * server we know nothing about are all probing on a coarse grid; when the first of them finishes and the model
 * learns its time, the others' next checks are pulled in to the new estimate instead of waiting out their grid
 * step. Likewise when the budget frees up (the last submit left), checks planned while requests were dear are
 * planned again with the higher knob. Kept in memory only: a restart plans from the persisted next check.
 */
export class Replanner {
  private readonly cache = new Map<string, Cached>()
  /** Cell id -> latency key, for the jobs probing a kind the model knows nothing of yet. */
  private readonly scouts = new Map<string, string>()
  /** Scout id -> its place among the scouts of its kind (0..SCOUTS.slack-1), for an even stagger. */
  private readonly scoutRank = new Map<string, number>()
  /** Cell id -> the polling knob its current check was planned with. */
  private readonly plannedWith = new Map<string, number>()

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
    const knob = this.aggressiveness()
    const learnedSince = changedAt > cell.updatedAt
    const knobRose = knob >= (this.plannedWith.get(cell.id) ?? knob) + KNOB_RISE
    if (!learnedSince && !knobRose) return planned
    const hit = this.cache.get(cell.id)
    if (hit && hit.updatedAt === cell.updatedAt && hit.changedAt === changedAt && hit.aggressiveness === knob)
      return hit.due
    const due = replanCheck({
      now,
      submittedAt: cell.submittedAt,
      polls: cell.polls,
      estimate: this.latency.estimate(key),
      aggressiveness: knob,
      unitMs: this.unitMs,
      scout: this.isScout(cell),
      jitter: this.jitterFor(cell),
      plannedAt: planned,
      lastAnswerAt: cell.updatedAt,
    })
    this.cache.set(cell.id, { updatedAt: cell.updatedAt, changedAt, aggressiveness: knob, due })
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
    if (n >= (this.aggressiveness() < BINDING_KNOB ? SCOUTS.binding : SCOUTS.slack)) return false
    const taken = new Set<number>()
    for (const [id, k] of this.scouts) if (k === key) taken.add(this.scoutRank.get(id) ?? 0)
    let rank = 0
    while (taken.has(rank)) rank++
    this.scouts.set(cell.id, key)
    this.scoutRank.set(cell.id, rank)
    return true
  }

  /**
   * The stagger of a job's checks: scouts of one kind take evenly spaced slices of a grid step (random within
   * their slice), so three of them on a x2 grid sample time as finely as one on a x1.26 grid; others draw freely.
   */
  jitterFor(cell: Pick<CellRow, 'id' | 'params'>): number {
    if (!this.isScout(cell)) return this.random()
    return ((this.scoutRank.get(cell.id) ?? 0) + this.random()) / SCOUTS.slack
  }

  /** The runner planned this cell's next check with this knob (see `due`). */
  notePlanned(cellId: string, aggressiveness: number): void {
    this.plannedWith.set(cellId, aggressiveness)
  }

  /** Forgets cells no longer in flight, so the caches stay the size of the in-flight set. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.cache.keys()) if (!ids.has(id)) this.cache.delete(id)
    for (const id of this.plannedWith.keys()) if (!ids.has(id)) this.plannedWith.delete(id)
    for (const id of this.scouts.keys()) if (!ids.has(id)) this.scouts.delete(id)
    for (const id of this.scoutRank.keys()) if (!ids.has(id)) this.scoutRank.delete(id)
  }
}
