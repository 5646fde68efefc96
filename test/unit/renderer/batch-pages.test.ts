import { describe, expect, it } from 'vitest'
import type { BatchStatus, BatchSummary } from '@shared/domain'
import { compareBatches, sortBatches } from '../../../src/renderer/src/model/batch-order'
import {
  cursorOf,
  firstPage,
  groupSize,
  isBeyond,
  totalSpend,
  withBatch,
  withPage,
} from '../../../src/renderer/src/model/batch-pages'

function batch(id: string, status: BatchStatus, priority = 0, createdAt = 0, spend = 0): BatchSummary {
  return { id, name: id, status, priority, createdAt, total: 1, counts: {}, spend, etaSeconds: null }
}

/** Lexicographic order of cursors, as SQLite compares the row values. */
function compareCursors(a: ReturnType<typeof cursorOf>, b: ReturnType<typeof cursorOf>): number {
  const x = [a.rank, a.priority, a.age]
  const y = [b.rank, b.priority, b.age]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

describe('batch pages in the sidebar', () => {
  it("the cursor orders batches exactly as the sidebar does (the core's pages and the UI's sort agree)", () => {
    const statuses: BatchStatus[] = ['active', 'paused', 'done', 'cancelled']
    const list: BatchSummary[] = []
    for (let i = 0; i < 200; i++) list.push(batch(`b${(i * 37) % 200}`, statuses[i % 4]!, (i % 5) - 2, (i % 9) * 10))
    const bySidebar = sortBatches(list).map((b) => b.id)
    const byCursor = [...list].sort((a, b) => compareCursors(cursorOf(a), cursorOf(b))).map((b) => b.id)
    expect(byCursor).toEqual(bySidebar)
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!]
      expect(Math.sign(compareCursors(cursorOf(a), cursorOf(b)))).toBe(Math.sign(compareBatches(a, b)))
    }
  })

  it('a batch is beyond the loaded pages only when it sorts after the cursor, and never when all are loaded', () => {
    const last = batch('m', 'done', 0, 50)
    const next = cursorOf(last)
    expect(isBeyond(batch('older', 'done', 0, 10), next)).toBe(true)
    expect(isBeyond(batch('newer', 'done', 0, 90), next)).toBe(false)
    expect(isBeyond(batch('running', 'active', -5, 10), next)).toBe(false)
    expect(isBeyond(batch('z', 'done', 0, 50), next)).toBe(true)
    expect(isBeyond(batch('a', 'done', 0, 50), next)).toBe(false)
    expect(isBeyond(batch('older', 'done', 0, 10), null)).toBe(false)
  })

  it('pages join in order, a batch already held from an event is kept, the spend of the rest is carried', () => {
    const p1 = [batch('run', 'active', 0, 5, 1), batch('d9', 'done', 0, 90, 2)]
    const s1 = firstPage(p1, cursorOf(p1[1]!), { queued: 1, finished: 3, spend: 10 })
    expect(s1.list.map((b) => b.id)).toEqual(['run', 'd9'])
    expect(totalSpend(s1)).toBe(10)
    const s2 = withPage(
      s1,
      [batch('run', 'done', 0, 5, 0), batch('d8', 'done', 0, 80, 3)],
      cursorOf(batch('d8', 'done', 0, 80)),
    )
    // 'run' from the page is older news than the one held: the held one stays (still running).
    expect(s2.list.map((b) => [b.id, b.status])).toEqual([
      ['run', 'active'],
      ['d9', 'done'],
      ['d8', 'done'],
    ])
    expect(totalSpend(s2)).toBe(10)
    const s3 = withPage(s2, [batch('d7', 'done', 0, 70, 4)], null)
    expect(s3.list.map((b) => b.id)).toEqual(['run', 'd9', 'd8', 'd7'])
    expect(s3.spendElsewhere).toBe(0)
    expect(totalSpend(s3)).toBe(10)
  })

  it('events: a held batch moving past the loaded pages stays in place; unknown ones beyond wait for their page', () => {
    const p1 = [batch('run', 'active', 0, 5, 1), batch('d9', 'done', 0, 90, 2)]
    let s = firstPage(p1, cursorOf(p1[1]!), { queued: 1, finished: 5, spend: 9 })
    // The running batch finishes: as a finished batch made at 5 it sorts after d9, past the loaded pages, and stays.
    s = withBatch(s, batch('run', 'done', 0, 5, 1.5))
    expect(s.list.map((b) => [b.id, b.status])).toEqual([
      ['d9', 'done'],
      ['run', 'done'],
    ])
    expect(totalSpend(s)).toBe(9 - 1 + 1.5)
    // Its page does not add it twice, nor count its spend twice.
    const later = withPage(s, [batch('d5', 'done', 0, 50, 1), batch('run', 'done', 0, 5, 1.5)], null)
    expect(later.list.map((b) => b.id)).toEqual(['d9', 'd5', 'run'])
    // A new batch lands on top; a deleted one leaves; an unknown one beyond the pages is left to its page.
    s = withBatch(s, batch('new', 'active', 0, 100))
    s = withBatch(s, batch('d1', 'done', 0, 1))
    expect(s.list.map((b) => b.id)).toEqual(['new', 'd9', 'run'])
    s = withBatch(s, { ...batch('d9', 'done', 0, 90, 2), deleted: true })
    expect(s.list.map((b) => b.id)).toEqual(['new', 'run'])
    // With every page loaded nothing is beyond: a status change just moves the batch.
    let all = firstPage([batch('a', 'active', 0, 1), batch('b', 'done', 0, 2)], null)
    all = withBatch(all, batch('a', 'done', 0, 1))
    expect(all.list.map((b) => b.id)).toEqual(['b', 'a'])
  })

  it("a section's size is the server's count until every page is loaded", () => {
    const totals = { queued: 3, finished: 1200, spend: 0 }
    const next = cursorOf(batch('x', 'done', 0, 1))
    expect(groupSize('finished', 200, next, totals)).toBe(1200)
    expect(groupSize('queued', 4, next, totals)).toBe(4)
    expect(groupSize('finished', 1199, null, totals)).toBe(1199)
    expect(groupSize('finished', 10, next, null)).toBe(10)
  })
})
