import { readFileSync, realpathSync, statSync } from 'node:fs'
import { isInside } from './contained-file'

/**
 * The built renderer's files (the page and its scripts), read without libuv's thread pool. Node runs async file
 * calls on 4 shared threads, and a library's start-up scan queues hundreds of stats there at a time, so the page
 * of a window opened during the scan waited behind them (about 300 ms of the first loads in
 * `test/bench/gallery-browser.ts`). These few small files are checked with synchronous calls instead (a realpath
 * and a stat each, microseconds) and kept in memory while their size and mtime stay the same, so a rebuild is
 * served at once and nothing is stale.
 */
export interface RendererFile {
  /** The real path, every symlink resolved. */
  path: string
  bytes: Buffer
}

/** Larger files are not kept in memory (the renderer's biggest script is a few hundred KB). */
const MAX_CACHED_BYTES = 4 * 1024 * 1024

export class RendererFiles {
  private readonly cache = new Map<string, { size: number; mtimeMs: number; bytes: Buffer }>()
  private realRoot: string | null = null

  constructor(private readonly root: string) {}

  /** The real path of `candidate` if it is a regular file inside the root once symlinks are resolved, else null. */
  realPath(candidate: string): string | null {
    try {
      this.realRoot ??= realpathSync(this.root)
      const real = realpathSync(candidate)
      return isInside(this.realRoot, real) && statSync(real).isFile() ? real : null
    } catch {
      return null
    }
  }

  /** The file's bytes, from memory when it has not changed since it was last read; null: not a file we serve. */
  read(candidate: string): RendererFile | null {
    const path = this.realPath(candidate)
    if (path === null) return null
    try {
      const info = statSync(path)
      const kept = this.cache.get(path)
      if (kept && kept.size === info.size && kept.mtimeMs === info.mtimeMs) return { path, bytes: kept.bytes }
      const bytes = readFileSync(path)
      if (bytes.length <= MAX_CACHED_BYTES) this.cache.set(path, { size: info.size, mtimeMs: info.mtimeMs, bytes })
      return { path, bytes }
    } catch {
      return null
    }
  }
}
