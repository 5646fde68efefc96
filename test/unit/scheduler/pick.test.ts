import { describe, expect, it } from 'vitest'
import { pickBatch, type RunnableBatch } from '../../../src/main/scheduler/pick'

const b = (id: string, priority: number, position: number): RunnableBatch => ({ id, priority, position })

describe('pickBatch', () => {
  it('always serves the best priority first', () => {
    const served = new Map([['hi', 100]])
    expect(pickBatch([b('lo', 0, 1), b('hi', 5, 2)], served)?.id).toBe('hi')
  })

  it('round-robins batches of equal priority', () => {
    const batches = [b('a', 0, 1), b('b', 0, 2), b('c', 0, 3)]
    const served = new Map<string, number>()
    const order: string[] = []
    for (let seq = 1; seq <= 6; seq++) {
      const next = pickBatch(batches, served)!
      order.push(next.id)
      served.set(next.id, seq)
    }
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c'])
  })

  it('nothing runnable -> undefined', () => {
    expect(pickBatch([], new Map())).toBeUndefined()
  })
})
