import { beforeEach, describe, expect, it } from 'vitest'
import type { Settings } from '@shared/contracts'
import { countInFlight } from '../../../src/main/db/cells'
import type { Db } from '../../../src/main/db/connection'
import { createLogger } from '../../../src/main/log'
import { RequestBudget } from '../../../src/main/scheduler/budget'
import { commitCellEvent } from '../../../src/main/scheduler/commit'
import { takeSubmitWave, type SubmitWaveDeps } from '../../../src/main/scheduler/submit-wave'
import { tempLibraryDbForTest } from '../../helpers/temp-library-db'
import { insertBatchWithCells } from '../batch-rows'

const settings: Settings = {
  plan: 'custom',
  rpm: 10_000,
  concurrency: 64,
  getsCountTowardRpm: false,
  mode: 'async',
  confirmAboveUsd: 1000,
  pricePerImage: 0.2,
  dailyCapUsd: null,
  theme: 'dark',
}

let db: Db
beforeEach(() => {
  db = tempLibraryDbForTest('soul-batch-wave-').db
  insertBatchWithCells(db, 40)
})

function deps(budgetMs: number): SubmitWaveDeps {
  const log = createLogger(() => {})
  let seq = 0
  return {
    db,
    budget: new RequestBudget({ rpm: 10_000, windowMs: 60_000, now: () => 1000, random: () => 0 }),
    libraryCanTakeAWave: () => true,
    lastServed: new Map(),
    nextServeSeq: () => ++seq,
    commit: (id, e) => commitCellEvent({ db, log, onChange: () => {} }, id, e),
    pauseQueue: () => {},
    // As the runner with the WAL synced off its thread: the wave commits at synchronous=NORMAL.
    syncedByCaller: true,
    budgetMs,
  }
}

describe('a submit wave holds the host for a bounded time', () => {
  it('with time to spare, one wave takes cells up to the concurrency and asks for no early look', () => {
    const wave = takeSubmitWave(deps(60_000), 1000, { ...settings, concurrency: 30 })
    expect(wave.toSend).toHaveLength(30)
    expect(wave.wake).toBe(Number.POSITIVE_INFINITY)
    expect(countInFlight(db)).toBe(30)
  })

  it('out of time, a wave stops after at least one cell and asks to be looked at again at once', () => {
    const d = deps(0)
    const first = takeSubmitWave(d, 1000, settings)
    expect(first.toSend).toHaveLength(1)
    expect(first.wake).toBe(1000)
    // Every later wave goes on where the last stopped, until every cell has been taken.
    let taken = first.toSend.length
    for (let i = 0; i < 60 && taken < 40; i++) taken += takeSubmitWave(d, 1000, settings).toSend.length
    expect(taken).toBe(40)
    expect(countInFlight(db)).toBe(40)
  })
})
