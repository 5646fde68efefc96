import type { Settings } from '@shared/contracts'
import type { SegmindApi } from '../cloud/types'
import type { CellRow } from '../db/cells'
import type { Db } from '../db/connection'
import type { ScopedLogger } from '../log'
import type { RecoveryDeps } from './recovery'

/** What a Scheduler is built from: the library, the client, the clock and the callbacks the core listens on. */
export interface SchedulerOptions {
  db: Db
  home: string
  client: SegmindApi
  log: ScopedLogger
  now: () => number
  random: () => number
  newId: () => string
  settings: () => Settings
  /** Wall-clock ms per real-model second divided by 1000: 1 against Segmind, the simulator's timeScale in demo/tests. */
  timeScale: number
  /** Pins the polling knob (0 = fewest requests, 1 = lowest detection lag); default derived from budget slack. */
  pollAggressiveness?: number
  /** The API host, named in the pause message when it cannot be reached. */
  apiHost?: string
  /** No new submit wave starts with less free space than this on the library's disk (default MIN_FREE_BYTES). */
  minFreeBytes?: number
  /** On start: whether a cell's job lived on a server that is gone (demo mode's earlier simulator). */
  jobGone?: (cell: CellRow) => boolean
  /** Takes the whole-library scan off the start's critical path (see RecoveryDeps.backgroundScan). */
  backgroundScan?: RecoveryDeps['backgroundScan']
  onCellChange(cell: CellRow): void
  onQueueChange(): void
  /** A batch changed without a cell changing (a budget cap paused it). */
  onBatchChange?(batchId: string): void
}
