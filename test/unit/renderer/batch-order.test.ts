import { describe, expect, it } from 'vitest'
import type { BatchStatus } from '@shared/domain'
import {
  PRIORITY_MAX,
  PRIORITY_MIN,
  priorityAfter,
  priorityMarker,
  sortBatches,
} from '../../../src/renderer/src/model/batch-order'

function batch(id: string, status: BatchStatus, priority: number, createdAt: number) {
  return { id, status, priority, createdAt }
}

const ids = (list: { id: string }[]): string[] => list.map((b) => b.id)

describe('sidebar order', () => {
  it('puts running batches first, then paused, then finished ones', () => {
    const list = [
      batch('done', 'done', 0, 5),
      batch('paused', 'paused', 0, 4),
      batch('cancelled', 'cancelled', 0, 6),
      batch('active', 'active', 0, 1),
    ]
    expect(ids(sortBatches(list))).toEqual(['active', 'paused', 'cancelled', 'done'])
  })

  it('orders queued batches by priority, then oldest first (the order the scheduler serves them)', () => {
    const list = [batch('new', 'active', 0, 30), batch('old', 'active', 0, 10), batch('urgent', 'active', 2, 20)]
    expect(ids(sortBatches(list))).toEqual(['urgent', 'old', 'new'])
  })

  it('orders finished batches by priority, then newest first', () => {
    const list = [batch('old', 'done', 0, 10), batch('new', 'done', 0, 30), batch('pinned', 'done', 1, 5)]
    expect(ids(sortBatches(list))).toEqual(['pinned', 'new', 'old'])
  })

  it('does not change the list it was given', () => {
    const list = [batch('b', 'active', 0, 2), batch('a', 'active', 1, 1)]
    sortBatches(list)
    expect(ids(list)).toEqual(['b', 'a'])
  })
})

describe('priority actions', () => {
  const list = [
    batch('first', 'active', 3, 1),
    batch('second', 'active', 0, 2),
    batch('paused', 'paused', 1, 3),
    batch('finished', 'done', 9, 0),
  ]

  it('"Move to top" is one above the highest other queued batch, and then it sorts first', () => {
    expect(priorityAfter(list, 'second', 'top')).toBe(4)
    const moved = list.map((b) => (b.id === 'second' ? { ...b, priority: 4 } : b))
    expect(ids(sortBatches(moved))[0]).toBe('second')
  })

  it('"Move to top" ignores finished batches and does nothing for a batch already on top', () => {
    expect(priorityAfter(list, 'first', 'top')).toBeNull()
    expect(priorityAfter([batch('alone', 'active', 0, 1)], 'alone', 'top')).toBeNull()
    expect(priorityAfter(list, 'finished', 'top')).toBeNull()
  })

  it('lifts a tied batch above its equals', () => {
    const tied = [batch('a', 'active', 0, 1), batch('b', 'active', 0, 2)]
    expect(priorityAfter(tied, 'b', 'top')).toBe(1)
  })

  it('raises and lowers by one within -100..100, and resets to 0', () => {
    expect(priorityAfter(list, 'second', 'raise')).toBe(1)
    expect(priorityAfter(list, 'second', 'lower')).toBe(-1)
    expect(priorityAfter(list, 'first', 'reset')).toBe(0)
    expect(priorityAfter(list, 'second', 'reset')).toBeNull()
    expect(priorityAfter([batch('max', 'active', PRIORITY_MAX, 1)], 'max', 'raise')).toBeNull()
    expect(priorityAfter([batch('min', 'active', PRIORITY_MIN, 1)], 'min', 'lower')).toBeNull()
    const capped = [batch('a', 'active', PRIORITY_MAX, 1), batch('b', 'active', PRIORITY_MAX - 1, 2)]
    expect(priorityAfter(capped, 'b', 'top')).toBe(PRIORITY_MAX)
    expect(priorityAfter(list, 'nope', 'raise')).toBeNull()
  })

  it('marks only a priority that differs from the default', () => {
    expect(priorityMarker(0)).toBeNull()
    expect(priorityMarker(2)).toBe('+2')
    expect(priorityMarker(-3)).toBe('−3')
  })
})
