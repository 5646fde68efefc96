import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { Checkpointer, CHECKPOINT_DELAY_MS, noteCommit } from '../../../src/main/db/checkpointer'
import { DB_FILE_NAME, setSynchronous, type Db } from '../../../src/main/db/connection'
import { dbStats, resetDbStats } from '../../../src/main/db/stats'
import { WalSync } from '../../../src/main/db/wal-sync'
import type { ScopedLogger } from '../../../src/main/log'
import { tempLibraryDbForTest } from '../../helpers/temp-library-db'

const warnings: string[] = []
const log = {
  debug() {},
  info() {},
  warn: (msg: string) => warnings.push(msg),
  error: (msg: string) => warnings.push(msg),
  child: () => log,
} as unknown as ScopedLogger

let home: string
let db: Db
beforeEach(() => {
  const library = tempLibraryDbForTest('soul-durability-')
  home = library.home
  db = library.db
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)')
  warnings.length = 0
  resetDbStats()
})

const insertRows = (n: number, perCommit: number): void => {
  const stmt = db.prepare('INSERT INTO t (body) VALUES (?)')
  const tx = db.transaction((k: number) => {
    for (let i = 0; i < k; i++) stmt.run('x'.repeat(400))
  })
  setSynchronous(db, 'NORMAL')
  try {
    for (let done = 0; done < n; done += perCommit) {
      tx(perCommit)
      noteCommit(db)
    }
  } finally {
    setSynchronous(db, 'FULL')
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('WalSync: durability from an fsync of the WAL off the host thread', () => {
  it('exists only for a database with a WAL file', () => {
    expect(WalSync.of(db)).not.toBeNull()
    const mem = new Database(':memory:')
    expect(WalSync.of(mem)).toBeNull()
    mem.close()
  })

  it('shares one fsync among callers that arrive while one runs, and never resolves a caller with an older one', async () => {
    const wal = WalSync.of(db)!
    insertRows(10, 10)
    const first = wal.sync()
    // These arrive while the first fsync may already be under way: their commits may not be in it.
    let laterDone = false
    const later = Promise.all(Array.from({ length: 50 }, () => wal.sync())).then(() => (laterDone = true))
    await first
    expect(dbStats.walSyncs).toBe(1)
    expect(laterDone).toBe(false)
    await later
    // 51 callers, two fsyncs: the one running and the one queued behind it for everyone else.
    expect(dbStats.walSyncs).toBe(2)
    await wal.close()
  })

  it('after close it refuses (callers fall back to synchronous=FULL) and a failing fsync rejects', async () => {
    const wal = WalSync.of(db)!
    await wal.close()
    expect(wal.isOpen).toBe(false)
    await expect(wal.sync()).rejects.toThrow('closing')

    // The WAL file gone from under it: the fsync cannot happen, and the caller hears so.
    const other = WalSync.of(db)!
    rmSync(join(home, `${DB_FILE_NAME}-wal`))
    await expect(other.sync()).rejects.toThrow(/ENOENT/)
    await other.close()
  })
})

describe('Checkpointer: WAL checkpoints in a worker', () => {
  it('takes checkpoints off the connection, copies the WAL back from the worker, and gives them back on stop', async () => {
    const checkpoints = Checkpointer.start(db, log)
    expect(checkpoints).not.toBeNull()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const mainFile = join(home, DB_FILE_NAME)
    const before = statSync(mainFile).size
    // ~2 MB in 200 commits: far past the 1000 pages at which the connection would have checkpointed by itself.
    insertRows(5000, 25)
    // The connection no longer checkpoints, so only the worker can have moved the rows into the main file.
    await until(
      () => statSync(mainFile).size > before + 1_000_000,
      'the worker checkpointed',
      20_000 + CHECKPOINT_DELAY_MS,
    )
    await checkpoints!.stop()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(warnings).toEqual([])
    // Nothing was lost on the way.
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 5000 })
  })

  it('is not started for a database without a WAL file', () => {
    const mem = new Database(':memory:')
    expect(Checkpointer.start(mem, log)).toBeNull()
    mem.close()
  })
})

describe('setSynchronous', () => {
  const mode = (): number => db.pragma('synchronous', { simple: true }) as number
  it('switches only when the mode changes: the scheduler sets NORMAL before every arrow for one statement in all', () => {
    expect(mode()).toBe(2)
    resetDbStats()
    for (let i = 0; i < 5; i++) setSynchronous(db, 'NORMAL')
    expect(mode()).toBe(1)
    expect(dbStats.statements).toBe(1)
    setSynchronous(db, 'FULL')
    expect(mode()).toBe(2)
    expect(dbStats.statements).toBe(2)
  })
})
