import { setImmediate as nextCheckPhase } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { TurnBudget } from '../../../src/main/scheduler/turn-budget'

describe('TurnBudget', () => {
  it('lets work go on at once while the turn has time, and defers it to a later turn after that', async () => {
    let t = 0
    const turns = new TurnBudget(15, () => t)
    expect(turns.take()).toBeNull()
    t = 10
    expect(turns.take()).toBeNull()
    t = 16
    const later = turns.take()
    expect(later).toBeInstanceOf(Promise)
    let resumed = false
    void later!.then(() => (resumed = true))
    // Not in this turn: only after the loop went round (the check phase starts the clock again).
    await Promise.resolve()
    expect(resumed).toBe(false)
    await later
    expect(resumed).toBe(true)
  })

  it("the scheduler's own work in a turn (begin) counts: answers after it get only the time left", () => {
    let t = 0
    const turns = new TurnBudget(15, () => t)
    turns.begin()
    t = 16
    expect(turns.take()).toBeInstanceOf(Promise)
    // Without begin, the first take of a turn starts the clock itself, whenever it comes.
    let u = 0
    const fresh = new TurnBudget(15, () => u)
    u = 16
    expect(fresh.take()).toBeNull()
    // begin inside a turn that already started keeps that start.
    u = 32
    fresh.begin()
    expect(fresh.take()).toBeInstanceOf(Promise)
  })

  it('starts the clock again once the turn ends', async () => {
    let t = 0
    const turns = new TurnBudget(15, () => t)
    expect(turns.take()).toBeNull()
    t = 100
    expect(turns.take()).not.toBeNull()
    await nextCheckPhase()
    expect(turns.take()).toBeNull()
  })

  it('deferred work resumes a turn at a time: what does not fit in the next turn waits again', async () => {
    // The loop driven by hand, so the test does not depend on how Node orders timers under load.
    let t = 0
    let later: (() => void)[] = []
    let endOfTurn: (() => void)[] = []
    const turns = new TurnBudget(15, () => t, {
      later: (fn) => later.push(fn),
      endOfTurn: (fn) => endOfTurn.push(fn),
    })
    const nextTurn = async (): Promise<void> => {
      const ends = endOfTurn
      endOfTurn = []
      for (const fn of ends) fn()
      const due = later
      later = []
      // Each deferred continuation runs with its microtasks before the next, as Node runs timer callbacks.
      for (const fn of due) {
        fn()
        for (let i = 0; i < 5; i++) await Promise.resolve()
      }
    }
    turns.take()
    t = 20
    const a = turns.take()!
    const b = turns.take()!
    let bDone = false
    // a resumes first in the next turn and its work uses that turn's budget up.
    void a.then(() => {
      t += 20
    })
    void b.then(() => (bDone = true))
    await nextTurn()
    expect(bDone).toBe(false)
    expect(later).toHaveLength(1)
    await nextTurn()
    expect(bDone).toBe(true)
  })
})
