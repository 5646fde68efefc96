import { COST_PER_IMAGE } from '@shared/catalog'
import type { Db } from '../db/connection'
import { cellsInState, type CellRow } from '../db/cells'
import { reconcileLibrary } from '../library/reconcile'
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
}

/**
 * What start does before the first tick. The library scan runs first so that an image written just before a
 * crash is adopted by its cell (fetching, or submitting in sync mode) instead of being downloaded or paid for
 * again; then any `submitting` row still without a request id becomes `unknown` — it may have created a job,
 * and only the user may decide to pay again. Cells with a request id need nothing: their persisted
 * next_check_at makes them due, so polling simply resumes.
 */
export async function recoverOnStart(deps: RecoveryDeps): Promise<void> {
  const report = await reconcileLibrary({
    db: deps.db,
    home: deps.home,
    log: deps.log,
    canAdopt: (c) => c.state === 'fetching' || (c.state === 'submitting' && !c.requestId),
    adopt: (cell, img, written) => {
      const at = deps.now()
      const cost = cell.cost ?? COST_PER_IMAGE
      deps.commit(cell.id, { type: 'saved', at, cost }, {
        within: (c) => insertImageRow(deps.db, c, img, written, { id: deps.newId(), cost, seed: c.params.seed ?? null, at }),
      })
    },
  })
  if (report.missing + report.adopted + report.quarantined + report.found + report.thumbsRebuilt > 0) {
    deps.log.info('library scan', { ...report })
  }
  for (const cell of cellsInState(deps.db, 'submitting')) {
    if (!cell.requestId) deps.commit(cell.id, { type: 'recover', at: deps.now() })
  }
}
