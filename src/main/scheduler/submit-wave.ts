import { performance } from 'node:perf_hooks'
import type { PauseReason, Settings } from '@shared/contracts'
import { runnableBatches } from '../db/batches'
import { countInFlight, nextPending, type CellRow } from '../db/cells'
import { setSynchronous, type Db } from '../db/connection'
import { dbStats } from '../db/stats'
import { inImmediateTransaction } from '../db/transaction'
import type { RequestBudget } from './budget'
import { pickBatch } from './pick'
import { checkSpendCaps } from './spend-gate'
import type { CellEvent } from './transition'

export interface SubmitWaveDeps {
  db: Db
  budget: RequestBudget
  /** Whether the library folder can take the images a wave will bring (queue-holds.ts). */
  libraryCanTakeAWave(): boolean
  /** Batch id -> when it was last served, for the fair round-robin of pickBatch. */
  lastServed: Map<string, number>
  nextServeSeq(): number
  commit(cellId: string, event: CellEvent): CellRow | null
  pauseQueue(reason: PauseReason): void
  onBatchChange?: ((batchId: string) => void) | undefined
  /** The wave commits without an fsync and the caller awaits one off the host's thread before any POST (wal-sync.ts). */
  syncedByCaller: boolean
  /** How long one wave may hold the host's thread (real time; default WAVE_BUDGET_MS). */
  budgetMs?: number
}

/**
 * A wave stops taking cells after this long and the runner takes the rest in its next tick (a 0 ms timer), so
 * other callbacks run in between: the first wave of a big batch at concurrency 128 held the loop ~40 ms.
 */
export const WAVE_BUDGET_MS = 10

export interface SubmitWave {
  /** Cells committed `submitting`, whose POSTs may now leave. */
  toSend: CellRow[]
  /** When to look again, if the budget stopped the wave. */
  wake: number
  /** Cells were waiting to be submitted and only the budget held them back. */
  waitingOnBudget: boolean
}

/**
 * Marks as many cells `submitting` as concurrency and budget allow, in ONE transaction made durable before any
 * POST leaves: each row is on disk before its request, at one fsync per wave instead of per cell (synced here, or
 * by the caller off the host's thread when `syncedByCaller`). The library's room
 * is checked once per wave, and each batch's spending caps before its cell.
 */
export function takeSubmitWave(d: SubmitWaveDeps, now: number, s: Settings): SubmitWave {
  const wave: SubmitWave = { toSend: [], wake: Number.POSITIVE_INFINITY, waitingOnBudget: false }
  if (d.syncedByCaller) setSynchronous(d.db, 'NORMAL')
  else {
    setSynchronous(d.db, 'FULL')
    dbStats.syncedCommits++
  }
  takeWaveInTransaction(d, now, s, wave)
  return wave
}

function takeWaveInTransaction(d: SubmitWaveDeps, now: number, s: Settings, wave: SubmitWave): void {
  // IMMEDIATE: take the write lock before reading what to send, so no other writer slips in between.
  const waveStart = performance.now()
  const budgetMs = d.budgetMs ?? WAVE_BUDGET_MS
  inImmediateTransaction(d.db, () => {
    let inFlight = countInFlight(d.db)
    while (inFlight < s.concurrency) {
      if (wave.toSend.length > 0 && performance.now() - waveStart >= budgetMs) {
        // Out of time, not out of work: look again at once, in a later turn.
        wave.wake = Math.min(wave.wake, now)
        return
      }
      const batch = pickBatch(runnableBatches(d.db), d.lastServed)
      if (!batch) return
      // Once per wave that would send something: the library can take the images it will bring.
      if (wave.toSend.length === 0 && !d.libraryCanTakeAWave()) return
      const cap = checkSpendCaps(d.db, batch.id, s, now)
      if (cap.kind === 'daily') {
        d.pauseQueue({ kind: 'spend_limit', message: cap.message })
        return
      }
      if (cap.kind === 'batch') {
        d.onBatchChange?.(batch.id)
        continue
      }
      if (!d.budget.tryTake()) {
        wave.waitingOnBudget = true
        wave.wake = now + Math.max(1, d.budget.waitMs())
        return
      }
      const cell = nextPending(d.db, batch.id, 1)[0]
      if (!cell) continue
      d.lastServed.set(batch.id, d.nextServeSeq())
      const started = d.commit(cell.id, { type: 'submit', at: now })
      if (!started) continue
      inFlight++
      wave.toSend.push(started)
    }
  })
}
