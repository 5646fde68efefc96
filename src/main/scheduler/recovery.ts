import { finishInterruptedCancels } from '../batch-cancel-retry'
import { COST_PER_IMAGE } from '@shared/catalog'
import type { CellState } from '@shared/domain'
import type { Db } from '../db/connection'
import { cellsInState, type CellRow } from '../db/cells'
import { adoptInFlight, reconcileLibrary, type ReconcileContext } from '../library/reconcile'
import type { ScopedLogger } from '../log'
import type { CommitExtra } from './commit'
import { insertImageRow } from './image-row'
import type { CellEvent } from './transition'

export interface RecoveryDeps {
  db: Db
  home: string
  log: ScopedLogger
  now(): number
  newId(): string
  commit(cellId: string, event: CellEvent, extra?: CommitExtra): CellRow | null
  /** Whether a cell's job lived on a server that is gone; absent, every job is assumed still there (Segmind). */
  jobGone?: (cell: CellRow) => boolean
  /**
   * Runs the whole-library scan off the critical path: given, start only adopts the in-flight cells' files (what
   * the queue must not run ahead of) and hands the rest of the scan here. Absent, the scan runs before returning.
   */
  backgroundScan?: ((scan: (signal: AbortSignal) => Promise<void>) => void) | undefined
  /** Cells with an operation under way (the background scan runs while the queue does): their files are left. */
  busy?: (cellId: string) => boolean
  /** When this process began (epoch ms, real time): older temp files are an earlier run's leftovers. */
  busySince?: number
}

export const DEMO_JOB_GONE_MESSAGE = 'The demo simulator restarted, so this job is gone. Resubmit to generate it again.'

/** States whose cell may still point at a job: waited on, or stopped and resumable by a retry. */
const HOLDS_A_JOB: readonly CellState[] = ['queued', 'processing', 'fetching', 'failed', 'cancelled']

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Demo mode's rule for a job from an earlier run: the simulator runs in-process and keeps its jobs in memory, so
 * every job recorded before this run started lived in a simulator that is gone — even when the OS hands the new one
 * the old port, which is why the port is not compared (recovery runs before this run sends anything). Jobs anywhere
 * but loopback (Segmind's, from a run with a key) are left alone: they may be billed and still collectable.
 */
export function jobOnLoopback(cell: Pick<CellRow, 'statusUrl' | 'responseUrl' | 'outputUrl'>): boolean {
  return [cell.statusUrl, cell.responseUrl, cell.outputUrl].some((raw) => {
    if (raw === null || !URL.canParse(raw)) return false
    return LOOPBACK_HOSTS.has(new URL(raw).hostname)
  })
}

/**
 * What start does before the first tick. First, with no file-system work that could fail before it, any
 * `submitting` row still without a request id becomes `unknown`: it may have created a job, and only the user may
 * decide to pay again. Then the library scan adopts an image of a cell's current attempt that was written before
 * its row (a crash or power cut between the file's fsync and the `saved` commit, or a row write that failed): a
 * cell that holds a job (queued, processing or fetching — a power cut can undo relaxed arrows back to the last
 * synced one) or a sync-mode cell without one (submitting, or unknown after the step above). Cells with a request
 * id need nothing else: their persisted next_check_at makes them due, so polling simply resumes, unless `jobGone`
 * says their server is gone: then a job still waited on expires (nothing to wait for, and in demo mode nothing
 * was billed) and a stopped one forgets its job, so that a retry submits it afresh. Adoption runs before this,
 * so a downloaded image is never lost. A failed scan is logged and does not stop the rest.
 */
export async function recoverOnStart(deps: RecoveryDeps): Promise<void> {
  for (const cell of cellsInState(deps.db, 'submitting')) {
    if (!cell.requestId) deps.commit(cell.id, { type: 'recover', at: deps.now() })
  }
  const finished = await finishInterruptedCancels(deps.db, deps.now())
  if (finished > 0) deps.log.info('finished a cancel cut short by the last exit', { cells: finished })
  try {
    await scanLibrary(deps)
  } catch (e) {
    deps.log.error('library scan failed', { error: String(e) })
  }
  if (deps.jobGone) expireGoneJobs(deps, deps.jobGone)
}

/** States whose cell may own an image file found without its row; the scan also checks the file's attempt. */
export function mayAdoptImage(cell: Pick<CellRow, 'state' | 'requestId'>): boolean {
  if (cell.requestId) return ['queued', 'processing', 'fetching'].includes(cell.state)
  return cell.state === 'submitting' || cell.state === 'unknown'
}

function scanContext(deps: RecoveryDeps, signal?: AbortSignal): ReconcileContext {
  return {
    db: deps.db,
    home: deps.home,
    log: deps.log,
    signal,
    canAdopt: mayAdoptImage,
    busy: deps.busy,
    busySince: deps.busySince,
    adopt: (cell, img, written) => {
      const at = deps.now()
      const cost = cell.cost ?? COST_PER_IMAGE
      deps.commit(
        cell.id,
        { type: 'adopted', at, cost },
        {
          within: (c) =>
            insertImageRow(deps.db, c, img, written, { id: deps.newId(), cost, seed: c.params.seed ?? null, at }),
        },
      )
    },
  }
}

async function scanLibrary(deps: RecoveryDeps): Promise<void> {
  const background = deps.backgroundScan
  if (background) {
    const report = await adoptInFlight(scanContext(deps))
    if (report.adopted + report.quarantined > 0) deps.log.info('in-flight images adopted', { ...report })
    background(async (signal) => {
      const full = await reconcileLibrary(scanContext(deps, signal))
      const { missing, found, damaged, adopted, quarantined, thumbsRebuilt } = full
      if (missing + found + damaged + adopted + quarantined + thumbsRebuilt > 0)
        deps.log.info('library scan', { ...full })
    })
    return
  }
  const report = await reconcileLibrary(scanContext(deps))
  if (Object.values(report).some((n) => n > 0)) deps.log.info('library scan', { ...report })
}

function expireGoneJobs(deps: RecoveryDeps, gone: (cell: CellRow) => boolean): void {
  const error = { kind: 'expired' as const, message: DEMO_JOB_GONE_MESSAGE }
  // One transaction: a library with many such cells pays one fsync, not one per cell.
  const n = deps.db.transaction(() => {
    let changed = 0
    for (const state of HOLDS_A_JOB) {
      for (const cell of cellsInState(deps.db, state)) {
        if (cell.requestId && gone(cell) && deps.commit(cell.id, { type: 'server_gone', at: deps.now(), error }))
          changed++
      }
    }
    return changed
  })()
  if (n > 0) deps.log.info('jobs of a previous demo simulator are gone', { cells: n })
}
