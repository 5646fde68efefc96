import type { PauseReason } from '@shared/contracts'
import { setSynchronous, type Db } from '../db/connection'
import { WalSync } from '../db/wal-sync'
import type { ScopedLogger } from '../log'
import type { CommitDeps } from './commit'

/**
 * How the scheduler's commits become durable: by an fsync of the WAL on the thread pool (db/wal-sync.ts), or, for
 * a database without one, by synchronous=FULL commits as before. A submit wave awaits `beforePosts()` so no POST
 * leaves before its `submitting` row is on disk; other money arrows only ask for a sync (commit.ts SYNCED).
 */
export class Durability {
  private readonly wal: WalSync | null

  constructor(
    private readonly db: Db,
    private readonly log: ScopedLogger,
  ) {
    this.wal = WalSync.of(db)
  }

  /** For commitCellEvent; undefined: money arrows commit with FULL. */
  get commitHook(): CommitDeps['durable'] {
    const wal = this.wal
    if (!wal) return undefined
    return {
      available: () => wal.isOpen,
      request: () => wal.request((e) => this.log.error('could not sync the database', { error: String(e) })),
    }
  }

  /** The wave is committed without an fsync here and made durable by `beforePosts`. */
  get offThread(): boolean {
    return this.wal?.isOpen === true
  }

  /** Resolves once everything committed so far is on disk; null when commits were synced already (FULL). */
  beforePosts(): Promise<void> | null {
    return this.wal?.isOpen ? this.wal.sync() : null
  }

  /** Commits after this are synced by FULL again: the connection leaves the scheduler's NORMAL mode. */
  close(): Promise<void> {
    if (this.db.open) setSynchronous(this.db, 'FULL')
    return this.wal?.close() ?? Promise.resolve()
  }
}

/** Why the queue pauses when a wave's rows could not be made durable (nothing was sent). */
export function notDurableReason(e: unknown): PauseReason {
  const why = e instanceof Error ? e.message : String(e)
  return {
    kind: 'library',
    message: `The library's database could not be saved to disk (${why}). Nothing was sent; resume once the disk is fine.`,
  }
}
