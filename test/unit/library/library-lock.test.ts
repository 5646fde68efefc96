import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import {
  acquireLibraryLock,
  assertLibraryFree,
  LOCK_FILE_NAME,
  type LockOwner,
} from '../../../src/main/library/library-lock'

let home = ''
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'soul-batch-lock-'))
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

const lockFile = (): string => join(home, LOCK_FILE_NAME)
const owner = (): LockOwner => JSON.parse(readFileSync(lockFile(), 'utf8')) as LockOwner
const plant = (o: Partial<LockOwner>): void =>
  writeFileSync(
    lockFile(),
    JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: Date.now(), token: 'other', ...o }),
  )

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected the lock to be refused')
}

/** A pid that certainly belonged to a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''])
  return r.pid!
}

describe('library lock', () => {
  it('writes who holds it, refuses a second holder in the same process with a clear sentence, and frees on release', () => {
    const lock = acquireLibraryLock(home)
    expect(owner()).toMatchObject({ pid: process.pid, hostname: hostname(), token: lock.owner.token })
    const e = refusal(() => acquireLibraryLock(home))
    expect(e.kind).toBe('io')
    expect(e.message).toBe(
      `This library is in use by another Soul Batch (pid ${process.pid}). Close it, or use another library folder (SOUL_BATCH_HOME / --home).`,
    )
    expect(() => assertLibraryFree(home)).toThrow(/in use by another Soul Batch/)
    lock.release()
    expect(existsSync(lockFile())).toBe(false)
    lock.release() // idempotent
    const again = acquireLibraryLock(home)
    expect(again.owner.token).not.toBe(lock.owner.token)
    again.release()
  })

  it('takes over a lock whose process is dead (a crash, SIGKILL)', () => {
    const pid = deadPid()
    plant({ pid })
    expect(() => assertLibraryFree(home)).not.toThrow()
    const lock = acquireLibraryLock(home)
    expect(owner()).toMatchObject({ pid: process.pid, token: lock.owner.token })
    lock.release()
  })

  it('refuses a lock held by another live process of this machine', () => {
    plant({ pid: process.ppid })
    expect(refusal(() => acquireLibraryLock(home)).message).toContain(`(pid ${process.ppid})`)
    expect(owner().token).toBe('other') // left as it was
  })

  it('takes over a lock taken before this machine booted, even if its pid is alive again', () => {
    plant({ pid: process.ppid, startedAt: 0 })
    acquireLibraryLock(home).release()
  })

  it('takes over a lock naming this process that this process does not hold (a pid reused after a crash)', () => {
    plant({ pid: process.pid, token: 'left-by-a-crashed-process' })
    acquireLibraryLock(home).release()
  })

  it('takes over a damaged lock file', () => {
    writeFileSync(lockFile(), '{"pid":')
    acquireLibraryLock(home).release()
  })

  it("holds another machine's lock (its process cannot be checked) and says how to free it", () => {
    plant({ pid: 4242, hostname: 'other-machine.example' })
    const e = refusal(() => acquireLibraryLock(home))
    expect(e.message).toContain('(pid 4242 on other-machine.example)')
    expect(e.message).toContain(`delete ${lockFile()}`)
  })

  it('release leaves a lock that another holder took over meanwhile', () => {
    const lock = acquireLibraryLock(home)
    plant({ pid: process.ppid, token: 'newer' })
    lock.release()
    expect(owner().token).toBe('newer')
  })
})
