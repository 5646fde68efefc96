import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { describe, expect, it } from 'vitest'
import { access } from 'node:fs'
import { lowerThisThreadPriority, lowerThreadsNamed } from '../../../src/main/background-thread'

/** A thread's nice value: field 19 of its /proc stat line (the 17th after the command name). */
function niceOf(statPath: string): number {
  return Number(readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ')[16])
}

describe.runIf(process.platform === 'linux')('a background thread at a lower priority (Linux)', () => {
  it('lowers the calling thread only; the process other threads keep theirs', () => {
    const me = readlinkSync('/proc/thread-self').split('/').pop()!
    const others = readdirSync('/proc/self/task').filter((t) => t !== me)
    expect(others.length).toBeGreaterThan(0)
    const before = new Map(others.map((t) => [t, niceOf(`/proc/self/task/${t}/stat`)]))
    const mine = niceOf('/proc/thread-self/stat')
    // Below this thread (under `nice -n 19` nothing is below: then nothing changes).
    const target = Math.min(19, Math.max(mine + 1, 7))
    try {
      expect(lowerThisThreadPriority(target)).toBe(target > mine)
      expect(niceOf('/proc/thread-self/stat')).toBe(target)
      for (const t of others) expect(niceOf(`/proc/self/task/${t}/stat`), `thread ${t}`).toBe(before.get(t))
      // Never raises: asked for a higher priority than it has, the thread keeps its own.
      expect(lowerThisThreadPriority(target - 1)).toBe(false)
      expect(niceOf('/proc/thread-self/stat')).toBe(target)
    } finally {
      // Back to where it was, where allowed (raising a priority needs privileges): the rest of this file runs here.
      try {
        setPriority(Number(me), mine)
      } catch {
        // not allowed: this test process just runs a little nicer
      }
    }
  })

  it('never throws: a priority it may not set is answered false', () => {
    expect(lowerThisThreadPriority(Number.NaN)).toBe(false)
  })

  it("lowers libuv's pool threads by name and leaves this thread alone", async () => {
    // A file call makes libuv start its pool (all its threads at once), as the image pool does before lowering it.
    await new Promise<void>((resolve) => access(process.execPath, () => resolve()))
    const named = (prefix: string): string[] =>
      readdirSync('/proc/self/task').filter((t) => readFileSync(`/proc/self/task/${t}/comm`, 'utf8').startsWith(prefix))
    const pool = named('libuv-worker')
    expect(pool.length).toBeGreaterThan(0)
    const mine = niceOf('/proc/thread-self/stat')
    // Below every thread here (under `nice -n 19` nothing is below: then nothing is lowered).
    const nices = pool.map((t) => niceOf(`/proc/self/task/${t}/stat`))
    const target = Math.min(19, Math.max(Math.max(...nices, mine) + 1, 9))
    expect(lowerThreadsNamed('libuv-worker', target)).toBe(nices.filter((n) => n < target).length)
    for (const t of pool) expect(niceOf(`/proc/self/task/${t}/stat`), `thread ${t}`).toBe(target)
    expect(niceOf('/proc/thread-self/stat')).toBe(mine)
    expect(lowerThreadsNamed('no thread is called this')).toBe(0)
    // Never raises: asked for a higher priority than they have, they keep theirs.
    expect(lowerThreadsNamed('libuv-worker', target - 1)).toBe(0)
    for (const t of pool) expect(niceOf(`/proc/self/task/${t}/stat`), `thread ${t}`).toBe(target)
  })
})
