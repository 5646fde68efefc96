import type { Settings } from '@shared/contracts'
import type { Db } from '../db/connection'
import { setBatchPausedBy } from '../db/batches'
import { batchSpendAndCap, cellsOnServer, spendSince } from '../db/batch-edits'
import { batchCapMessage, dailyCapMessage, nextSubmitPassesCap, startOfLocalDay } from './spend-cap'

export type CapCheck = { kind: 'ok' } | { kind: 'daily'; message: string } | { kind: 'batch'; message: string }

/**
 * Asked before each submit, inside the runner's submit transaction: the daily cap (Settings) stops the whole
 * queue; a batch's own cap pauses that batch alone, with the reason stored so the batch shows it.
 */
export function checkSpendCaps(db: Db, batchId: string, s: Settings, now: number): CapCheck {
  const price = s.pricePerImage
  if (s.dailyCapUsd !== null) {
    const daily = {
      spent: spendSince(db, startOfLocalDay(now)),
      onServer: cellsOnServer(db),
      price,
      cap: s.dailyCapUsd,
    }
    if (nextSubmitPassesCap(daily)) return { kind: 'daily', message: dailyCapMessage({ ...daily, cap: s.dailyCapUsd }) }
  }
  const batch = batchSpendAndCap(db, batchId)
  if (batch && batch.budgetCap !== null) {
    const own = { spent: batch.spend, onServer: cellsOnServer(db, batchId), price, cap: batch.budgetCap }
    if (nextSubmitPassesCap(own)) {
      const message = batchCapMessage({ ...own, cap: batch.budgetCap })
      setBatchPausedBy(db, batchId, message)
      return { kind: 'batch', message }
    }
  }
  return { kind: 'ok' }
}
