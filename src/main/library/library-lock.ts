import { randomBytes } from 'node:crypto'
import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import { hostname, uptime } from 'node:os'
import { join } from 'node:path'
import { AppError } from '@shared/errors'
import { libraryFolderError } from './library-folder'

/** Beside the database: whoever runs the queue of this library right now. */
export const LOCK_FILE_NAME = 'soul-batch.lock'

/** What the lock file says about the Soul Batch that holds it. */
export interface LockOwner {
  pid: number
  hostname: string
  /** When that Soul Batch took the lock, epoch ms. */
  startedAt: number
  /** Tells two holders with the same pid apart (two cores in one process, or a pid reused after a crash). */
  token: string
}

export interface LibraryLock {
  readonly owner: LockOwner
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void
}

/** Locks this process holds, by token: one handler releases them all when the process exits. */
const held = new Map<string, string>()
let exitHookInstalled = false

/** Slack for the boot-time estimate (uptime is coarse, clocks get adjusted). */
const BOOT_SLACK_MS = 60_000

/**
 * Takes the library's exclusive lock for running the queue: only one Soul Batch (desktop app, browser mode or
 * CLI) may submit, poll and run start-up recovery on a library at a time, or the second one's recovery would
 * turn the first one's in-flight POSTs into `unknown`. A lock whose holder is gone — its pid is dead, it was
 * taken before this machine booted, or it names this process without being one of its live locks — is stale
 * and taken over. Throws AppError kind 'io' when another live Soul Batch holds it.
 */
export function acquireLibraryLock(home: string, now: () => number = Date.now): LibraryLock {
  const file = join(home, LOCK_FILE_NAME)
  const me: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: now(),
    token: randomBytes(8).toString('hex'),
  }
  // A few rounds: a stale lock is removed and the create tried again; another process may win that race.
  for (let round = 0; round < 3; round++) {
    if (tryCreate(home, file, me)) return hold(file, me)
    const other = readOwner(file)
    if (other === 'absent') continue
    if (other !== 'unreadable' && !isStale(other, now())) throw lockedError(home, file, other)
    removeIfPresent(file)
  }
  const other = readOwner(file)
  throw lockedError(home, file, typeof other === 'string' ? null : other)
}

/**
 * Throws the same error as acquireLibraryLock when another live Soul Batch holds the lock, without taking it: a
 * host checks this before it writes anything another Soul Batch would then run (the CLI's new batch).
 */
export function assertLibraryFree(home: string, now: () => number = Date.now): void {
  const file = join(home, LOCK_FILE_NAME)
  const other = readOwner(file)
  if (typeof other !== 'string' && !isStale(other, now())) throw lockedError(home, file, other)
}

/** Whether a lock's holder is certainly gone. Another machine's live process cannot be checked: held. */
export function isStale(owner: LockOwner, nowMs: number): boolean {
  if (owner.startedAt < nowMs - uptime() * 1000 - BOOT_SLACK_MS) return true
  if (owner.hostname !== hostname()) return false
  if (owner.pid === process.pid) return !held.has(owner.token)
  return !isAlive(owner.pid)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to another user; only ESRCH proves it is gone.
    return (e as { code?: unknown }).code !== 'ESRCH'
  }
}

/** Creates the lock file with its whole content in one step, or returns false when one exists already. */
function tryCreate(home: string, file: string, me: LockOwner): boolean {
  const text = `${JSON.stringify(me)}\n`
  const tmp = `${file}.${me.token}.tmp`
  try {
    writeFileSync(tmp, text, { flag: 'wx' })
    try {
      // A hard link appears with its content already written: a reader never sees a half-written lock.
      linkSync(tmp, file)
      return true
    } catch (e) {
      if ((e as { code?: unknown }).code === 'EEXIST') return false
      return createExclusive(file, text) // a file system without hard links
    } finally {
      removeIfPresent(tmp)
    }
  } catch (e) {
    throw libraryFolderError(home, e)
  }
}

function createExclusive(file: string, text: string): boolean {
  let fd: number
  try {
    fd = openSync(file, 'wx')
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EEXIST') return false
    throw e
  }
  try {
    writeSync(fd, text)
  } finally {
    closeSync(fd)
  }
  return true
}

function readOwner(file: string): LockOwner | 'absent' | 'unreadable' {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    return (e as { code?: unknown }).code === 'ENOENT' ? 'absent' : 'unreadable'
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>
    if (typeof o.pid === 'number' && typeof o.hostname === 'string' && typeof o.startedAt === 'number') {
      return { pid: o.pid, hostname: o.hostname, startedAt: o.startedAt, token: String(o.token ?? '') }
    }
  } catch {
    // damaged: nobody can be holding it through this file
  }
  return 'unreadable'
}

function hold(file: string, me: LockOwner): LibraryLock {
  held.set(me.token, file)
  installExitHook()
  let released = false
  return {
    owner: me,
    release() {
      if (released) return
      released = true
      releaseFile(me.token, file)
    },
  }
}

function releaseFile(token: string, file: string): void {
  held.delete(token)
  const owner = readOwner(file)
  if (typeof owner !== 'string' && owner.token === token) removeIfPresent(file)
}

/** A process that exits without closing its core (Ctrl-C twice, process.exit) still leaves no lock behind. */
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const [token, file] of [...held]) releaseFile(token, file)
  })
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // already gone (released meanwhile), or not ours to remove: the next round reads it again
  }
}

function lockedError(home: string, file: string, owner: LockOwner | null): AppError {
  const who =
    owner === null
      ? ''
      : owner.hostname === hostname()
        ? ` (pid ${owner.pid})`
        : ` (pid ${owner.pid} on ${owner.hostname})`
  const elsewhere =
    owner !== null && owner.hostname !== hostname() ? ` If it is no longer running there, delete ${file}.` : ''
  return new AppError({
    kind: 'io',
    message:
      `This library is in use by another Soul Batch${who}. Close it, or use another library folder ` +
      `(SOUL_BATCH_HOME / --home).${elsewhere}`,
    detail: home,
  })
}
