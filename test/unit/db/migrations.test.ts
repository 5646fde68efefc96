import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, openDatabase, schemaVersion } from '../../../src/main/db/connection'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/main/db/migrations'
import { addBatchSpend, getBatch } from '../../../src/main/db/batches'
import { recentPrompts } from '../../../src/main/db/batch-edits'

let dirs: string[] = []
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  dirs = []
})
function home(): string {
  const d = mkdtempSync(join(tmpdir(), 'soul-batch-db-'))
  dirs.push(d)
  return d
}

function schemaOf(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT type || ':' || name || ':' || COALESCE(sql, '') AS s FROM sqlite_master ORDER BY name")
      .all() as { s: string }[]
  ).map((r) => r.s)
}

/** A library file as an older version of the app left it: migrations up to `version` only. */
function libraryAt(h: string, version: number): Database.Database {
  const db = new Database(join(h, 'soul-batch.db'))
  db.pragma('foreign_keys = ON')
  db.transaction(() => {
    for (const m of MIGRATIONS.slice(0, version)) m.up(db)
    db.pragma(`user_version = ${version}`)
  })()
  return db
}

describe('database connection and migrations', () => {
  it('migrates a new file from 0 to the latest version with the promised pragmas', () => {
    const h = home()
    const raw = new Database(join(h, 'soul-batch.db'))
    expect(schemaVersion(raw)).toBe(0)
    raw.close()

    const db = openDatabase(h)
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    const names = schemaOf(db).map((s) => s.split(':')[1])
    for (const t of ['batches', 'cells', 'images', 'meta', 'request_counts', 'cells_state', 'images_created'])
      expect(names).toContain(t)
    db.close()
  })

  it('re-opening is a no-op: same version, same schema, data kept', () => {
    const h = home()
    const db = openDatabase(h)
    db.prepare("INSERT INTO meta (key, value) VALUES ('probe', '1')").run()
    const before = schemaOf(db)
    db.close()

    const again = openDatabase(h)
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION)
    expect(schemaOf(again)).toEqual(before)
    expect(again.prepare("SELECT value FROM meta WHERE key = 'probe'").get()).toEqual({ value: '1' })
    expect(migrate(again)).toBe(LATEST_SCHEMA_VERSION)
    again.close()
  })

  it('enforces the cell key and the allowed states', () => {
    const db = openDatabase(home())
    db.prepare(
      "INSERT INTO batches (id, name, created_at, status, position, fingerprint, total) VALUES ('b', 'n', 1, 'active', 1, 'f', 1)",
    ).run()
    const insert = db.prepare(
      "INSERT INTO cells (id, batch_id, ord, prompt_index, style_id, seed_index, params_json, state, updated_at) VALUES (?, 'b', 0, 0, 's', 0, '{}', ?, 1)",
    )
    insert.run('c1', 'pending')
    expect(() => insert.run('c2', 'pending')).toThrow(/UNIQUE/)
    expect(() => db.prepare("UPDATE cells SET state = 'bogus' WHERE id = 'c1'").run()).toThrow(/CHECK/)
    expect(() =>
      db
        .prepare(
          "INSERT INTO cells (id, batch_id, ord, prompt_index, style_id, seed_index, params_json, state, updated_at) VALUES ('c3', 'nope', 0, 1, 's', 0, '{}', 'pending', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/)
    db.close()
  })

  it('moves each batch matrix out of the batches row (version 10), whole, and keeps the row small', () => {
    const h = home()
    const old = libraryAt(h, 9)
    // A CSV-sized matrix: its JSON spills over many pages, which every update of the row used to rewrite.
    const prompts = Array.from({ length: 3000 }, (_, i) => ({ prompt: `a lighthouse at dusk, take ${i}` }))
    const matrix = { prompts, styles: [{ id: 's1' }], seeds: { mode: 'random', count: 1 } }
    old
      .prepare(
        `INSERT INTO batches (id, name, created_at, status, position, matrix_json, fingerprint, total)
         VALUES ('b', 'big', 1, 'active', 1, ?, 'f', 3000)`,
      )
      .run(JSON.stringify(matrix))
    old.close()

    const db = openDatabase(h)
    try {
      const columns = (db.prepare('PRAGMA table_info(batches)').all() as { name: string }[]).map((c) => c.name)
      expect(columns).not.toContain('matrix_json')
      expect(getBatch(db, 'b')?.matrix).toEqual(matrix)
      expect(recentPrompts(db, 2)).toEqual([prompts[0]?.prompt, prompts[1]?.prompt])
      addBatchSpend(db, 'b', 0.25)
      expect(getBatch(db, 'b')?.spend).toBe(0.25)
      // The row that spend updates rewrite: a few hundred bytes, not the matrix's ~100 KB.
      const row = db.prepare(
        "SELECT length(CAST(name || fingerprint || notes AS BLOB)) AS n FROM batches WHERE id = 'b'",
      )
      expect((row.get() as { n: number }).n).toBeLessThan(100)
      expect(db.prepare("SELECT sum(pgsize) AS n FROM dbstat WHERE name = 'batches'").get()).toEqual({ n: 4096 })
      // The matrix goes with its batch.
      db.prepare("DELETE FROM batches WHERE id = 'b'").run()
      expect(db.prepare('SELECT count(*) AS n FROM batch_matrices').get()).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  })

  it('gives every cell a revision (version 11) that any UPDATE of the row moves on', () => {
    const h = home()
    const old = libraryAt(h, 10)
    old
      .prepare(
        `INSERT INTO batches (id, name, created_at, status, position, fingerprint, total)
         VALUES ('b', 'b', 1, 'active', 1, 'f', 1)`,
      )
      .run()
    old
      .prepare(
        `INSERT INTO cells (id, batch_id, ord, prompt_index, style_id, seed_index, params_json, state, updated_at)
         VALUES ('c', 'b', 0, 0, 's', 0, '{}', 'queued', 1)`,
      )
      .run()
    old.close()

    const db = openDatabase(h)
    try {
      const rev = (): number => (db.prepare("SELECT rev FROM cells WHERE id = 'c'").get() as { rev: number }).rev
      // A cell from before the migration starts at 0.
      expect(rev()).toBe(0)
      // A writer that knows nothing of rev still moves it (the trigger), once per UPDATE.
      db.prepare("UPDATE cells SET state = 'processing' WHERE id = 'c'").run()
      expect(rev()).toBe(1)
      db.prepare("UPDATE cells SET polls = polls + 1 WHERE id = 'c'").run()
      expect(rev()).toBe(2)
      // A writer that bumps it itself is not bumped twice.
      db.prepare("UPDATE cells SET polls = polls + 1, rev = rev + 1 WHERE id = 'c'").run()
      expect(rev()).toBe(3)
    } finally {
      db.close()
    }
  })
})
