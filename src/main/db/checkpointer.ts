import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { ScopedLogger } from '../log'
import type { Db } from './connection'

/** SQLite's own default: the committing connection checkpoints once the WAL holds this many pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000
/** A checkpoint follows the first commit after the last one by this long: the WAL holds ~this much writing. */
export const CHECKPOINT_DELAY_MS = 250

/** The checkpointer of each open library, so any writer can say it committed without being handed one. */
const active = new WeakMap<Db, Checkpointer>()

/** Tells the library's checkpointer (if one runs) that a transaction was committed. */
export function noteCommit(db: Db): void {
  active.get(db)?.committed()
}

/**
 * The worker: its own connection to the same file, which copies the WAL back into the database (and fsyncs both)
 * when asked. Plain JavaScript evaluated as a script, so the same code runs under tsx, vitest and the bundled app
 * without a build entry of its own; better-sqlite3 is required by the path the host resolved.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('busy_timeout = 1000')
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ ok: true })
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.message ? e.message : e) })
  }
})
`

/**
 * Moves WAL checkpoints off the host's thread. By default SQLite checkpoints inside the commit that pushes the WAL
 * past 1000 pages: megabytes copied and two fsyncs on the event loop, tens of ms and far more on a busy disk (the
 * scheduler at 10 000 cells, a 100 000-cell batch being written). Here the core's connection stops checkpointing
 * (wal_autocheckpoint=0) and a worker's connection does it CHECKPOINT_DELAY_MS after commits (PASSIVE: it never
 * blocks our writers). Writers report commits with `noteCommit`. If the worker fails, the connection
 * checkpoints by itself again, so the WAL never grows without bound.
 */
export class Checkpointer {
  private dirty = false
  private busy = false
  private timer: NodeJS.Timeout | null = null
  private closed = false

  private constructor(
    private readonly db: Db,
    private readonly worker: Worker,
    private readonly log: ScopedLogger,
  ) {
    worker.on('message', (m: { ok: boolean; error?: string }) => {
      this.busy = false
      if (!m.ok) this.log.warn('a background checkpoint failed; the next one retries', { error: m.error })
      if (this.dirty) this.arm()
    })
    worker.on('error', (e) => this.fail(e))
    worker.on('exit', () => this.fail(new Error('the checkpoint worker exited')))
    worker.unref()
  }

  /** Null (SQLite checkpoints by itself, as before) for an in-memory database or when the worker cannot start. */
  static start(db: Db, log: ScopedLogger): Checkpointer | null {
    if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null
    try {
      const sqlite = createRequire(import.meta.url).resolve('better-sqlite3')
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqlite, file: db.name } })
      db.pragma('wal_autocheckpoint = 0')
      const c = new Checkpointer(db, worker, log)
      active.set(db, c)
      return c
    } catch (e) {
      log.warn('checkpoints stay on the host thread', { error: String(e) })
      return null
    }
  }

  /** A commit happened: a checkpoint follows within CHECKPOINT_DELAY_MS (after the one running, if any). */
  committed(): void {
    this.dirty = true
    if (!this.busy) this.arm()
  }

  private arm(): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.closed) return
      this.dirty = false
      this.busy = true
      this.worker.postMessage('checkpoint')
    }, CHECKPOINT_DELAY_MS)
    this.timer.unref()
  }

  /** Gives checkpoints back to the connection and ends the worker (its connection closes first). */
  async stop(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    active.delete(this.db)
    this.restoreAutocheckpoint()
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
    // Unref'd so an idle worker never keeps a process alive; while we wait for it to end, it must.
    this.worker.ref()
    this.worker.postMessage('close')
    await exited
  }

  private fail(e: unknown): void {
    if (this.closed) return
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    active.delete(this.db)
    this.log.warn('the checkpoint worker stopped; checkpoints are back on the host thread', { error: String(e) })
    this.restoreAutocheckpoint()
  }

  private restoreAutocheckpoint(): void {
    try {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`)
    } catch {
      // The connection is closing: nothing left to checkpoint through it.
    }
  }
}
