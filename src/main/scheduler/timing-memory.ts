import type { Db } from '../db/connection'
import { insertJobTimings, pruneJobTimings, recentJobTimings, TIMING_MAX_AGE_MS } from '../db/job-timings'
import type { Logger } from '../core-types'
import type { LatencyModel } from './latency'

/** Samples are written when this many are waiting, or this long after the first of them. */
const FLUSH_COUNT = 16
const FLUSH_AFTER_MS = 10_000

/**
 * Keeps the latency model's samples in the library, so learned timing outlives the process: loaded at start
 * (aged, pruned), written in small batches. Losing the last few samples in a crash costs nothing that matters,
 * so they are not written one commit per job.
 */
export class TimingMemory {
  private waitingSince: number | null = null

  constructor(
    private readonly db: Db,
    private readonly unitMs: number,
    private readonly log: Logger,
  ) {}

  load(model: LatencyModel, now: number): void {
    try {
      pruneJobTimings(this.db, now - TIMING_MAX_AGE_MS)
      const rows = recentJobTimings(this.db, now - TIMING_MAX_AGE_MS)
      model.seed(rows.map((r) => ({ key: r.key, ms: r.seconds * this.unitMs, at: r.at })))
    } catch (e) {
      // A library that cannot give its timings back still runs: the planner probes as for a new one.
      this.log.warn('could not load learned job timings', { error: String(e) })
    }
  }

  /** Writes waiting samples when enough have gathered (or `force`, on stop). */
  flush(model: LatencyModel, now: number, force = false): void {
    const pending = model.pendingCount()
    if (pending === 0) {
      this.waitingSince = null
      return
    }
    this.waitingSince ??= now
    if (!force && pending < FLUSH_COUNT && now - this.waitingSince < FLUSH_AFTER_MS) return
    const rows = model.drainFresh().map((s) => ({ key: s.key, seconds: s.ms / this.unitMs, at: s.at }))
    this.waitingSince = null
    try {
      insertJobTimings(this.db, rows)
    } catch (e) {
      this.log.warn('could not keep learned job timings', { error: String(e) })
    }
  }
}
