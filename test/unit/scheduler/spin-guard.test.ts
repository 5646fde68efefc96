import { describe, expect, it } from 'vitest'
import { SpinGuard } from '../../../src/main/scheduler/spin-guard'
import { cellIn } from './cell-fixture'

describe('SpinGuard: an operation that committed nothing is not retried on the next tick', () => {
  const launched = cellIn('queued', { updatedAt: 5000, nextCheckAt: 4000 })

  it('rests a cell whose operation committed nothing while it was due', () => {
    const g = new SpinGuard(20)
    g.opStarted(launched.id)
    g.opEnded(launched, 5000, 6000, false)
    expect(g.restUntil(launched.id)).toBe(6020)
  })

  it('lets a cell that committed an arrow go on at once, and forgets an earlier rest', () => {
    const g = new SpinGuard(20)
    g.opStarted(launched.id)
    g.opEnded(launched, 5000, 6000, false)
    g.opStarted(launched.id)
    g.committed({ ...launched, updatedAt: 6500, nextCheckAt: 9000 })
    g.opEnded(launched, 5000, 7000, false)
    expect(g.restUntil(launched.id)).toBe(0)
  })

  it('does not rest a cell whose next check is still ahead, nor anything while stopping', () => {
    const g = new SpinGuard(20)
    g.opStarted(launched.id)
    g.opEnded({ ...launched, nextCheckAt: 9000 }, 5000, 6000, false)
    expect(g.restUntil(launched.id)).toBe(0)
    g.opStarted(launched.id)
    g.opEnded(launched, 5000, 6000, true)
    expect(g.restUntil(launched.id)).toBe(0)
  })

  it('ignores commits of cells with no operation running, and forgets cells no longer in flight', () => {
    const g = new SpinGuard(20)
    g.committed({ ...launched, updatedAt: 7000 })
    g.opStarted(launched.id)
    g.opEnded(launched, 5000, 6000, false)
    expect(g.restUntil(launched.id)).toBe(6020)
    g.retain(new Set())
    expect(g.restUntil(launched.id)).toBe(0)
  })
})
