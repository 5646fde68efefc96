import type { Settings } from '@shared/contracts'
import { inFlightCells, type CellRow, type InFlightMemo } from '../db/cells'
import type { Db } from '../db/connection'
import type { RequestBudget } from './budget'
import { inFlightRank } from './pick'
import type { Replanner } from './replan'
import type { SpinGuard } from './spin-guard'

export interface InFlightDeps {
  db: Db
  inFlightMemo: InFlightMemo
  replanner: Replanner
  spin: SpinGuard
  budget: RequestBudget
  /** Cells with an operation under way: not served again until it ends. */
  isActive(cellId: string): boolean
  fetch(cell: CellRow): void
  poll(cell: CellRow): void
  /** How many cells are on the server now (the planner's binding signal, see autoAggressiveness). */
  onServer(count: number): void
}

/**
 * One pass over the cells whose job lives on the server: results and downloads first, then due polls (finishing
 * started work comes before starting more). Starts what is due and the budget allows; answers when to look again.
 */
export function serveInFlight(d: InFlightDeps, now: number, s: Settings): number {
  let wake = Number.POSITIVE_INFINITY
  const all = inFlightCells(d.db, d.inFlightMemo)
  const ids = new Set(all.map((c) => c.id))
  d.onServer(all.length)
  d.replanner.retain(ids)
  d.spin.retain(ids)
  const cells = all.filter((c) => !d.isActive(c.id))
  cells.sort((a, b) => inFlightRank(a) - inFlightRank(b))
  let budgetOut = false
  for (const cell of cells) {
    const due = Math.max(d.replanner.due(cell, now), d.spin.restUntil(cell.id))
    if (due > now) {
      wake = Math.min(wake, due)
      continue
    }
    // A download from the image host is not a request to the API: the budget does not hold it back.
    const needsApi = !(cell.state === 'fetching' && cell.outputUrl)
    if (needsApi) {
      if (!d.budget.isOpen()) {
        wake = Math.min(wake, now + d.budget.waitMs())
        continue
      }
      if (s.getsCountTowardRpm) {
        if (budgetOut || !d.budget.tryTake()) {
          budgetOut = true
          wake = Math.min(wake, now + Math.max(1, d.budget.waitMs()))
          continue
        }
      }
    }
    if (cell.state === 'fetching') d.fetch(cell)
    else d.poll(cell)
  }
  return wake
}
