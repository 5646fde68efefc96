import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'

/** Nice value of a thread that does bulk work for the host (the image work pool): below the host's own thread. */
export const BACKGROUND_NICE = 10

/** SOUL_BATCH_IMAGE_NICE (0-19; 0 = the host's own priority) overrides the default, for measuring. */
export function imageWorkNice(): number {
  const asked = Number(process.env['SOUL_BATCH_IMAGE_NICE'])
  return Number.isInteger(asked) && asked >= 0 && asked <= 19 ? asked : BACKGROUND_NICE
}

/**
 * Lowers the priority of the calling thread only, where the OS allows it: Linux keeps a nice value per thread and
 * setpriority() with a thread id (from /proc/thread-self) changes just that thread. So on a machine with fewer
 * cores than busy threads, the host's event loop (the queue, the UI's calls) is scheduled first and bulk image
 * work takes what is left, instead of the two taking turns and the host stalling. Elsewhere (macOS, Windows: no
 * per-thread nice through Node) nothing changes. Never throws: a lower priority is a courtesy, not a need.
 * Returns whether the priority was lowered.
 */
export function lowerThisThreadPriority(nice = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux') return false
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (!Number.isInteger(tid) || tid <= 0) return false
    // Lower only: a thread already below (a test run under nice 19, the early lowering in worker-thread.ts) stays.
    if (getPriority(tid) >= nice) return false
    setPriority(tid, nice)
    return true
  } catch {
    return false
  }
}

/**
 * Lowers the priority of this process's threads whose name starts with `prefix` (Linux names them in
 * /proc/self/task/<tid>/comm; libuv calls its pool's threads "libuv-worker"). For threads the host does not start
 * itself but whose work is bulk work: sharp runs each image's decode and encode on libuv's pool, and libvips'
 * threads, started from there, take that thread's priority. Never raises a priority. Returns how many threads
 * were lowered; never throws.
 */
export function lowerThreadsNamed(prefix: string, nice = BACKGROUND_NICE): number {
  if (process.platform !== 'linux') return 0
  let lowered = 0
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        if (!readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').startsWith(prefix)) continue
        // Lower only: a process started at a lower priority still (nice 19 for a test run) keeps it.
        if (getPriority(Number(tid)) >= nice) continue
        setPriority(Number(tid), nice)
        lowered++
      } catch {
        // The thread ended meanwhile, or the OS said no: a courtesy, not a need.
      }
    }
  } catch {
    // No /proc: nothing to lower.
  }
  return lowered
}
