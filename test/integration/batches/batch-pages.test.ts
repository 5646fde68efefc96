import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BatchCursor } from '@shared/contracts/batch-pages'
import type { BatchStatus, Matrix } from '@shared/domain'
import type { Db } from '../../../src/main/db/connection'
import { insertBatch, setBatchPriority, setBatchStatus } from '../../../src/main/db/batches'
import { batchPageSql, batchTotals, pageBatches, searchBatches, SEARCH_WALK } from '../../../src/main/db/batch-pages'
import { compareBatches } from '../../../src/renderer/src/model/batch-order'
import { filterBatches } from '../../../src/renderer/src/model/batch-search'
import { openTempLibraryDb, type TempLibraryDb } from '../../helpers/temp-library-db'

/**
 * The batch list in pages (issue 8), on a real SQLite file with every migration: paging through returns every
 * visible batch once, in exactly the sidebar's order; each page is a seek on the list's index (no scan, no sort).
 */
const STATUSES: BatchStatus[] = ['active', 'paused', 'done', 'cancelled']
const NAMES = ['Lighthouse at dusk', 'Forest fox', 'Café portraits', 'Neon street', 'Desert dunes']
const N = 1200

let library: TempLibraryDb
let db: Db
let visible: { id: string; name: string; status: BatchStatus; priority: number; createdAt: number; spend: number }[]

beforeAll(() => {
  library = openTempLibraryDb('soul-batch-batch-pages-')
  db = library.db
  visible = []
  const matrix = { prompts: [], styleIds: [] } as unknown as Matrix
  const insert = db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const status = STATUSES[i % 4]!
      // Equal creation times on purpose (every 7th pair), so the id decides between them as in the sidebar.
      const createdAt = 1_700_000_000_000 + Math.floor(i / 7) * 1000
      const id = `b${String((i * 7919) % N).padStart(5, '0')}`
      const name = `${NAMES[i % NAMES.length]} ${i}`
      insertBatch(db, { id, name, createdAt, status, priority: 0, matrix, fingerprint: id, total: 4 }, i % 97 === 5)
      if (i % 97 === 5) continue // still being created: never listed
      setBatchStatus(db, id, status, createdAt)
      const priority = (i % 5) - 2
      setBatchPriority(db, id, priority)
      const spend = (i % 3) * 0.05
      db.prepare('UPDATE batches SET spend = ? WHERE id = ?').run(spend, id)
      if (i % 89 === 3) {
        db.prepare('UPDATE batches SET deleted_at = 1 WHERE id = ?').run(id)
        continue
      }
      visible.push({ id, name, status, priority, createdAt, spend })
    }
  })
  insert()
})
afterAll(() => library.close())

function walk(limit: number, search?: string): { ids: string[]; pages: number } {
  const ids: string[] = []
  let after: BatchCursor | undefined
  let pages = 0
  for (;;) {
    const page = search ? searchBatches(db, search, after, limit) : pageBatches(db, after, limit)
    pages++
    expect(page.rows.length).toBeLessThanOrEqual(limit)
    ids.push(...page.rows.map((b) => b.id))
    if (!page.next) return { ids, pages }
    after = page.next
  }
}

describe('batch list pages (real SQLite, keyset on the list index)', () => {
  it('pages through every visible batch once, in the sidebar order, leaving out deleted and half-created ones', () => {
    const expected = [...visible].sort(compareBatches).map((b) => b.id)
    expect(expected.length).toBeGreaterThan(1000)
    const { ids, pages } = walk(37)
    expect(ids).toEqual(expected)
    expect(pages).toBe(Math.ceil(expected.length / 37))
    // A page size that divides the list exactly still ends with next = null, not an empty extra page.
    const exact = expected.length
    expect(pageBatches(db, undefined, exact).next).toBeNull()
    expect(pageBatches(db, undefined, exact - 1).next).not.toBeNull()
  })

  it('a page after the last batch is empty and ends the list', () => {
    const all = pageBatches(db, undefined, 500)
    let after = all.next
    let last = all
    while (after) {
      last = pageBatches(db, after, 500)
      after = last.next
    }
    const end = last.rows[last.rows.length - 1]!
    const beyond = pageBatches(db, { rank: 2, priority: 1000, age: 0, id: end.id }, 10)
    expect(beyond).toEqual({ rows: [], next: null })
  })

  it('search keeps the sidebar filter (every word, case and accents ignored) across pages and walk bounds', () => {
    for (const query of ['cafe', 'FOREST fox', 'dusk 11', 'no such batch']) {
      const expected = filterBatches([...visible].sort(compareBatches), query).map((b) => b.id)
      expect(walk(25, query).ids, query).toEqual(expected)
    }
    // A query matching nothing walks at most SEARCH_WALK rows per call, then says where to resume.
    const first = searchBatches(db, 'no such batch', undefined, 50)
    expect(first.rows).toEqual([])
    if (visible.length > SEARCH_WALK) expect(first.next).not.toBeNull()
    else expect(first.next).toBeNull()
  })

  it('totals count each sidebar section and the spend of every visible batch', () => {
    const queued = visible.filter((b) => b.status === 'active' || b.status === 'paused').length
    const spend = visible.reduce((s, b) => s + b.spend, 0)
    const t = batchTotals(db)
    expect(t.queued).toBe(queued)
    expect(t.finished).toBe(visible.length - queued)
    expect(t.spend).toBeCloseTo(spend, 4)
  })

  it('first and next pages seek the list index: EXPLAIN QUERY PLAN shows no scan and no temporary sort', () => {
    const cursor = pageBatches(db, undefined, 100).next!
    const page = batchPageSql
    const plan = (text: string, params: unknown[]): string[] =>
      (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail)
    const first = plan(page(false), [100])
    const next = plan(page(true), [cursor.rank, cursor.priority, cursor.age, cursor.id, 100])
    for (const lines of [first, next]) {
      expect(lines.join('\n')).toMatch(/batches USING (COVERING )?INDEX batches_list_order/)
      expect(lines.filter((l) => /^SCAN batches$/.test(l) || /TEMP B-TREE/.test(l))).toEqual([])
    }
    // The next page starts from the cursor (a range seek), not from the top of the index.
    expect(next.join('\n')).toMatch(/SEARCH batches USING (COVERING )?INDEX batches_list_order \(/)
  })
})
