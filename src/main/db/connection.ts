import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { MIGRATIONS } from './migrations'
import { dbStats } from './stats'

export type Db = Database.Database

export const DB_FILE_NAME = 'soul-batch.db'

/**
 * The one place that opens the library database. synchronous=FULL because we promise that a committed
 * transition (above all `submitting` before a POST) survives a power cut; WAL keeps that cheap.
 */
export function openDatabase(home: string): Db {
  mkdirSync(home, { recursive: true })
  return openDatabaseFile(join(home, DB_FILE_NAME))
}

export function openDatabaseFile(file: string): Db {
  const db = new Database(file)
  // First: switching a new file to WAL takes a write lock, and a second process opening the same new library
  // must wait for it rather than fail with "database is locked".
  db.pragma('busy_timeout = 5000')
  useWal(db)
  db.pragma('synchronous = FULL')
  syncModes.set(db, 'FULL')
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

/**
 * Switches to WAL unless the file already is (another process may have just done it). The switch can answer
 * SQLITE_BUSY without waiting on busy_timeout while another process migrates a new library, so it is retried
 * for a while; this happens only when two processes open one new library at the same moment.
 */
function useWal(db: Db): void {
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal') return
      db.pragma('journal_mode = WAL')
      return
    } catch (e) {
      const busy = (e as { code?: unknown }).code === 'SQLITE_BUSY'
      if (!busy || Date.now() > deadline) throw e
      // A short synchronous pause: opening a library is synchronous, and this path is the rare race only.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25)
    }
  }
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>()

/** A prepared statement, cached per connection: preparing costs more than running for our small queries. */
export function sql(db: Db, text: string): Database.Statement {
  dbStats.statements++
  let cache = statements.get(db)
  if (!cache) statements.set(db, (cache = new Map()))
  let s = cache.get(text)
  if (!s) cache.set(text, (s = db.prepare(text)))
  return s
}

/**
 * Sets how a commit waits for the disk; a no-op when the connection is in that mode already. The scheduler leaves
 * it at NORMAL while its WAL fsync runs off the thread (wal-sync.ts): money arrows ask that fsync for durability,
 * and switching back to FULL after every arrow cost two statements per arrow. Writes outside the scheduler meanwhile
 * (marks, renames) survive an app crash as always and a power cut from the next fsync on, which is SQLite's own
 * WAL + NORMAL promise. Whoever needs FULL for one commit sets it first (commit.ts, submit-wave.ts, stop).
 */
export function setSynchronous(db: Db, mode: 'NORMAL' | 'FULL'): void {
  if (syncModes.get(db) === mode) return
  sql(db, mode === 'NORMAL' ? 'PRAGMA synchronous = NORMAL' : 'PRAGMA synchronous = FULL').run()
  syncModes.set(db, mode)
}

/** The mode each connection was last set to through setSynchronous (openDatabaseFile starts it at FULL). */
const syncModes = new WeakMap<Db, 'NORMAL' | 'FULL'>()

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Runs every migration above PRAGMA user_version, in order, all in one BEGIN IMMEDIATE transaction that reads
 * user_version again once it holds the write lock: two processes opening a new library at once then migrate
 * one after the other, and the second finds nothing left to do instead of "table meta already exists".
 */
export function migrate(db: Db): number {
  const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
  // The common case (an up-to-date library) takes no write lock at all.
  if (schemaVersion(db) >= latest) return schemaVersion(db)
  return db
    .transaction(() => {
      let version = schemaVersion(db)
      for (const m of MIGRATIONS) {
        if (m.version <= version) continue
        if (m.version !== version + 1) throw new Error(`migration ${m.version} does not follow ${version}`)
        m.up(db)
        db.pragma(`user_version = ${m.version}`)
        version = m.version
      }
      return version
    })
    .immediate()
}
