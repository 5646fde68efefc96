import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { CELL_STATES, MatrixSchema, type CellState } from '@shared/domain'
import { migrate, openDatabase, type Db } from '../../../src/main/db/connection'
import { initial } from '../../../src/main/db/migrations/001_initial'
import {
  allCellCounts,
  cellCounts,
  countCellsIn,
  findByFingerprint,
  getBatch,
  getBatchStatus,
  insertBatch,
  runnableBatches,
} from '../../../src/main/db/batches'
import { insertCells, updateCell } from '../../../src/main/db/cells'
import { tempLibraryDbForTest } from '../../helpers/temp-library-db'

/**
 * The per-batch counts (migration 3) are kept by triggers: whatever happens to cells, they must equal a count
 * over the cells table, and the queries that read them must not scan cells.
 */
const STYLE = 'b3c8075a-cb4c-42de-b8b3-7099dd2df672'
const matrix = MatrixSchema.parse({ prompts: [{ prompt: 'x' }], styleIds: [STYLE], width_and_height: '1536x2048' })
const params = { prompt: 'x', enhance_prompt: false, style_id: STYLE, width_and_height: '1536x2048' as const, seed: 5 }

let home = ''
let db: Db
beforeEach(() => {
  const library = tempLibraryDbForTest('soul-batch-counts-')
  home = library.home
  db = library.db
})

function batch(id: string, n: number, status: 'active' | 'paused' = 'active'): void {
  insertBatch(db, { id, name: id, createdAt: 1, status, priority: 0, matrix, fingerprint: `fp-${id}`, total: n })
  insertCells(
    db,
    Array.from({ length: n }, (_, i) => ({
      id: `${id}-${i}`,
      batchId: id,
      ord: i,
      promptIndex: i,
      styleId: STYLE,
      seedIndex: 0,
      params,
    })),
    1,
  )
}

function truth(): Map<string, Partial<Record<CellState, number>>> {
  const out = new Map<string, Partial<Record<CellState, number>>>()
  const rows = db.prepare('SELECT batch_id, state, COUNT(*) AS n FROM cells GROUP BY batch_id, state').all() as {
    batch_id: string
    state: CellState
    n: number
  }[]
  for (const r of rows) out.set(r.batch_id, { ...out.get(r.batch_id), [r.state]: r.n })
  return out
}

describe('per-batch cell counts kept by triggers', () => {
  it('match a count over the cells after any sequence of state changes and deletions (property)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('move' as const), cell: fc.nat(29), to: fc.constantFrom(...CELL_STATES) }),
      fc.record({ kind: fc.constant('delete' as const), cell: fc.nat(29) }),
      fc.record({ kind: fc.constant('drop-batch' as const), batch: fc.constantFrom('a', 'b', 'c') }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        db.exec('DELETE FROM batches')
        batch('a', 10)
        batch('b', 10)
        batch('c', 10)
        for (const s of steps) {
          const id = s.kind === 'drop-batch' ? '' : `${['a', 'b', 'c'][Math.floor(s.cell / 10)]}-${s.cell % 10}`
          if (s.kind === 'move') updateCell(db, id, { state: s.to, updatedAt: 2 })
          else if (s.kind === 'delete') db.prepare('DELETE FROM cells WHERE id = ?').run(id)
          else db.prepare('DELETE FROM batches WHERE id = ?').run(s.batch)
        }
        expect(allCellCounts(db)).toEqual(truth())
        for (const b of ['a', 'b', 'c']) expect(cellCounts(db, b)).toEqual(truth().get(b) ?? {})
      }),
      { numRuns: 60 },
    )
  })

  it('answers "open cells?", "runnable batches" and fingerprint look-ups without scanning cells', () => {
    batch('a', 3)
    batch('b', 2, 'paused')
    updateCell(db, 'a-0', { state: 'saved', updatedAt: 2 })
    expect(countCellsIn(db, 'a', ['pending', 'queued'])).toBe(2)
    expect(runnableBatches(db).map((b) => b.id)).toEqual(['a'])
    expect(findByFingerprint(db, 'fp-b', ['paused'])).toBe('b')
    expect(findByFingerprint(db, 'fp-b', ['done'])).toBeNull()
    expect(getBatchStatus(db, 'b')).toBe('paused')
    const plans = [
      "SELECT COALESCE(SUM(n), 0) AS n FROM batch_state_counts WHERE batch_id = 'a' AND state IN ('pending')",
      `SELECT b.id FROM batches b JOIN batch_state_counts c ON c.batch_id = b.id AND c.state = 'pending' AND c.n > 0
         WHERE b.status = 'active' ORDER BY b.priority DESC, b.position ASC`,
      "SELECT id FROM batches WHERE fingerprint = 'fp-b' AND status IN ('done') ORDER BY created_at DESC LIMIT 1",
    ].map((q) => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[]).map((r) => r.detail).join('; '))
    for (const p of plans) expect(p).not.toMatch(/SCAN (cells|c\b)/)
    expect(plans[1]).toMatch(/batches_runnable/)
  })

  it('reads a batch without its matrix until asked, and parses each matrix once', () => {
    batch('a', 1)
    const b = getBatch(db, 'a')
    expect(b?.matrix).toEqual(matrix)
    expect(getBatch(db, 'a')?.matrix).toBe(b?.matrix)
  })

  it('are filled in for a library made before they existed', () => {
    // Beside this test's library (and deleted with its folder): a library still at schema version 1.
    const dir = join(home, 'old-library')
    mkdirSync(dir)
    const old = new Database(join(dir, 'soul-batch.db'))
    old.transaction(() => {
      initial.up(old)
      old.pragma('user_version = 1')
    })()
    old
      .prepare(
        `INSERT INTO batches (id, name, created_at, status, priority, position, matrix_json, fingerprint, total)
       VALUES ('old', 'old', 1, 'active', 0, 1, ?, 'fp', 2)`,
      )
      .run(JSON.stringify(matrix))
    for (const [id, state] of [
      ['o1', 'saved'],
      ['o2', 'pending'],
    ])
      old
        .prepare(
          `INSERT INTO cells (id, batch_id, ord, prompt_index, style_id, seed_index, params_json, state, updated_at)
         VALUES (?, 'old', 0, ?, ?, 0, '{}', ?, 1)`,
        )
        .run(id, id === 'o1' ? 0 : 1, STYLE, state)
    migrate(old)
    old.close()
    const reopened = openDatabase(dir)
    try {
      expect(cellCounts(reopened, 'old')).toEqual({ saved: 1, pending: 1 })
    } finally {
      reopened.close()
    }
  })
})
