import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
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
/** Reads of the lock before giving up: each round either wins, refuses, or saw another process change it. */
const MAX_ROUNDS = 8
const ROUND_WAIT_MS = 5
/** An empty lock this young is being written (no-hard-link file systems); older, it is damaged and stale. */
const EMPTY_GRACE_MS = 2000
/** Successive takeover rights for one stale generation (each needs the previous holder to have died). */
const MAX_TAKEOVER_RIGHTS = 4

/**
 * Takes the library's exclusive lock for running the queue: only one Soul Batch (desktop app, browser mode or
 * CLI) may submit, poll and run start-up recovery on a library at a time, or the second one's recovery would
 * turn the first one's in-flight POSTs into `unknown`. A lock whose holder is gone — its pid is dead, it was
 * taken before this machine booted, or it names this process without being one of its live locks — is stale
 * and taken over (see takeOver: never two holders, however many processes race). Throws AppError kind 'io'
 * when another live Soul Batch holds it.
 */
export function acquireLibraryLock(home: string, now: () => number = Date.now): LibraryLock {
  const file = join(home, LOCK_FILE_NAME)
  const me: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: now(),
    token: randomBytes(8).toString('hex'),
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (tryCreate(home, file, me)) return hold(home, file, me)
    const seen = readLock(file)
    if (seen === 'absent') continue
    if (seen.owner !== null && !isStale(seen.owner, now())) throw lockedError(home, file, seen.owner)
    if (seen.owner === null && seen.text === '' && seen.ageMs < EMPTY_GRACE_MS) {
      // Being written by a create on a file system without hard links: give its writer a moment.
      waitMs(ROUND_WAIT_MS)
      continue
    }
    if (takeOver(home, file, seen.generation, me, now)) return hold(home, file, me)
    // Another process is taking it over (or just did): read again after it had a moment.
    waitMs(ROUND_WAIT_MS)
  }
  const last = readLock(file)
  throw lockedError(home, file, last === 'absent' ? null : last.owner)
}

/**
 * Throws the same error as acquireLibraryLock when another live Soul Batch holds the lock, without taking it: a
 * host checks this before it writes anything another Soul Batch would then run (the CLI's new batch).
 */
export function assertLibraryFree(home: string, now: () => number = Date.now): void {
  const file = join(home, LOCK_FILE_NAME)
  const seen = readLock(file)
  if (seen !== 'absent' && seen.owner !== null && !isStale(seen.owner, now())) throw lockedError(home, file, seen.owner)
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

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>
    if (typeof o.pid === 'number' && typeof o.hostname === 'string' && typeof o.startedAt === 'number') {
      return { pid: o.pid, hostname: o.hostname, startedAt: o.startedAt, token: String(o.token ?? '') }
    }
  } catch {
    // damaged: nobody can be holding it through this file
  }
  return null
}

/** What the lock file holds right now; `generation` names this exact file content (a hash of it). */
interface SeenLock {
  owner: LockOwner | null
  text: string
  generation: string
  ageMs: number
}

function readLock(file: string): SeenLock | 'absent' {
  let text: string
  let ageMs = Number.POSITIVE_INFINITY
  try {
    text = readFileSync(file, 'utf8')
    ageMs = Date.now() - statSync(file).mtimeMs
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return 'absent'
    text = ''
  }
  return { owner: parseOwner(text), text, generation: generationOf(text), ageMs }
}

function generationOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24)
}

/**
 * Replaces the stale lock whose content is `generation` with ours, such that two processes can never both
 * succeed. The right to replace one generation is itself a file created exclusively (`…takeover-<gen>.<n>`):
 * exactly one process creates it. That process reads the lock again — a stale generation can only leave the
 * lock file through the holder of its takeover right, so if it is still there it stays there — and renames its
 * own lock over it atomically. A right whose holder died mid-way (a dead pid) passes to the next number.
 * A lock that is absent is only ever created with an exclusive link, never by rename, so a takeover and a
 * fresh create cannot both win either.
 */
function takeOver(home: string, file: string, generation: string, me: LockOwner, now: () => number): boolean {
  const right = `${file}.takeover-${generation}`
  for (let n = 1; n <= MAX_TAKEOVER_RIGHTS; n++) {
    const mark = `${right}.${n}`
    if (tryCreate(home, mark, me)) {
      try {
        const current = readLock(file)
        // Gone or replaced since we judged it stale: not ours to take; start over from a fresh read.
        if (current === 'absent' || current.generation !== generation) return false
        const tmp = `${file}.${me.token}.new`
        writeFileSync(tmp, `${JSON.stringify(me)}\n`, { flag: 'wx' })
        renameSync(tmp, file)
        return true
      } catch (e) {
        throw libraryFolderError(home, e)
      } finally {
        // The generation cannot come back (the lock now holds another token): every right to it is spent.
        for (let k = 1; k <= n; k++) removeIfPresent(`${right}.${k}`)
      }
    }
    const holder = readLock(mark)
    if (holder === 'absent') return false // its holder finished a moment ago
    if (holder.owner !== null && !isStale(holder.owner, now())) return false // working on it right now
  }
  return false
}

/** A short synchronous pause between rounds; only ever reached while another process changes the lock. */
function waitMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function hold(home: string, file: string, me: LockOwner): LibraryLock {
  // Re-verify: the lock file must name us now. Anything else is a bug of this protocol, never a second holder.
  const now = readLock(file)
  if (now === 'absent' || now.owner?.token !== me.token) {
    throw lockedError(home, file, now === 'absent' ? null : now.owner)
  }
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
  const seen = readLock(file)
  if (seen !== 'absent' && seen.owner?.token === token) removeIfPresent(file)
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
