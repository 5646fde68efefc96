import { open, type FileHandle } from 'node:fs/promises'
import type { Db } from './connection'
import { dbStats } from './stats'

/**
 * Makes committed transactions durable with an fsync of the write-ahead log on libuv's thread pool, instead of
 * inside the commit on the host's thread (synchronous=FULL), where one fsync held the event loop 10 ms and, on a
 * busy disk, over 100 ms.
 *
 * Why this is as safe as FULL: in WAL mode every commit appends its frames to the one `-wal` file, and a commit
 * made with synchronous=NORMAL has written them to the OS; fsync of any descriptor of that file flushes all of its
 * written data to the disk (it is the file that is synced, not the descriptor). So after `sync()` resolves, every
 * transaction committed before the call survives a power cut, exactly as if each had been committed with FULL.
 * Callers that must not act before their row is durable (a POST after its `submitting` row) await it; the others
 * only ask for it, and concurrent asks share one fsync (group commit).
 */
export class WalSync {
  private handle: Promise<FileHandle> | null = null
  /** The fsync running now, if any. */
  private running: Promise<void> | null = null
  /** The fsync that starts when the running one ends: it covers everything committed after the running one began. */
  private next: Promise<void> | null = null
  private closed = false

  private constructor(private readonly walPath: string) {}

  /** Null when the database has no WAL file to sync (in memory, or not in WAL mode): callers commit with FULL. */
  static of(db: Db): WalSync | null {
    if (db.memory) return null
    const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase()
    return mode === 'wal' ? new WalSync(`${db.name}-wal`) : null
  }

  /** False once closed: callers then commit with synchronous=FULL again. */
  get isOpen(): boolean {
    return !this.closed
  }

  /** Resolves once everything committed before this call is on disk; rejects if the fsync fails. */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the database is closing'))
    if (!this.running) return this.launch(Promise.resolve(), false)
    // The running fsync may have begun before the caller's commit: the next one covers it, and is shared.
    this.next ??= this.launch(
      this.running.catch(() => undefined),
      true,
    )
    return this.next
  }

  /** Asks for durability without waiting for it (arrows nothing acts on at once); a failure is only reported. */
  request(onError: (e: unknown) => void): void {
    this.sync().catch(onError)
  }

  /** Waits for fsyncs under way, then releases the file. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled([this.running, this.next])
    const h = this.handle
    this.handle = null
    if (h) await h.then((fh) => fh.close()).catch(() => undefined)
  }

  private launch(after: Promise<unknown>, queued: boolean): Promise<void> {
    const p: Promise<void> = after
      .then(() => {
        if (queued) {
          this.running = p
          this.next = null
        }
        return this.fsyncNow()
      })
      .finally(() => {
        if (this.running === p) this.running = null
      })
    if (!queued) this.running = p
    return p
  }

  private async fsyncNow(): Promise<void> {
    // 'r+': Windows flushes only a handle opened for writing; we never write through it.
    this.handle ??= open(this.walPath, 'r+')
    const fh = await this.handle.catch((e: unknown) => {
      this.handle = null
      throw e
    })
    await fh.sync()
    dbStats.walSyncs++
  }
}
