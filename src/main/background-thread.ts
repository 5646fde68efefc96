import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

/** Nice value of a thread that does bulk work for the host (the image work pool): below the host's own thread. */
export const BACKGROUND_NICE = 10

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
    setPriority(tid, nice)
    return true
  } catch {
    return false
  }
}
