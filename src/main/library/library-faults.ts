import { accessSync, constants, statSync } from 'node:fs'
import { statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '@shared/errors'
import { IMAGES_DIR } from './files'
import { folderProblem } from './library-folder'

/**
 * Disk faults are not download faults. An image that came back whole but cannot be written (the images folder
 * missing, replaced by a file, unwritable, read-only, or the disk full) says nothing about Segmind: retrying the
 * download cannot help, and every further submit would pay for another image that cannot be kept. So such a
 * fault is an AppError of kind `library` whose sentence names the folder and the cause, and the queue pauses on
 * it before any further submit (operations.ts, runner.ts).
 */

/** Below this much free space on the library's disk, no new submit wave starts (a finished image may be ~10 MB). */
export const MIN_FREE_BYTES = 200 * 1024 * 1024

/** fs error codes that mean the library folder (not the network, not the image) is the problem. */
const LIBRARY_CODES = new Set([
  'ENOTDIR',
  'EEXIST',
  'EISDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'ENOENT',
])

export function isLibraryFault(e: unknown): boolean {
  const code = errorCode(e)
  return code !== undefined && LIBRARY_CODES.has(code)
}

/** The sentence for a write that failed: which folder, and why, in a person's words. */
export function libraryWriteError(home: string, e: unknown): AppError {
  const found = probeLibrary(home)
  const code = errorCode(e)
  const folder = found?.folder ?? join(home, IMAGES_DIR)
  const why = found?.why ?? folderProblem(code) ?? (code === 'EIO' ? 'the disk reported an input/output error' : null)
  return libraryError(folder, why ?? 'the image file could not be written', code)
}

export function libraryError(folder: string, why: string, code?: string): AppError {
  return new AppError({
    kind: 'library',
    message:
      `Can't save images in ${folder}: ${why}. The queue is paused before sending anything else; ` +
      'finished images are kept on Segmind and fetched again, without paying twice, once you fix it and resume.',
    ...(code !== undefined ? { detail: code } : {}),
  })
}

/**
 * What is wrong with the library folder or its images folder right now, checked synchronously (a few stat and
 * access calls: microseconds), or null when both can take files. A missing images folder is fine: it is created.
 */
export function probeLibrary(home: string): { folder: string; why: string } | null {
  const images = join(home, IMAGES_DIR)
  for (const [folder, mayBeMissing] of [
    [home, false],
    [images, true],
  ] as const) {
    let isDir: boolean
    try {
      isDir = statSync(folder).isDirectory()
    } catch (e) {
      const code = errorCode(e)
      if (code === 'ENOENT' && mayBeMissing) continue
      return { folder, why: code === 'ENOENT' ? 'the folder is missing' : (folderProblem(code) ?? `it cannot be read`) }
    }
    if (!isDir) return { folder, why: 'it is a file, not a folder' }
    try {
      accessSync(folder, constants.W_OK | constants.X_OK)
    } catch (e) {
      return { folder, why: folderProblem(errorCode(e)) ?? 'it cannot be written' }
    }
  }
  return null
}

/** Free bytes for an unprivileged writer on the disk that holds `folder`. */
export async function freeBytes(folder: string): Promise<number> {
  const s = await statfs(folder)
  return Number(s.bavail) * Number(s.bsize)
}

function mib(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MB`
}

/**
 * The check before each submit wave: the folders can take files and the disk has room. The folder part is
 * synchronous and cheap, so it runs every wave; free space (statfs, asynchronous) is re-read once `staleMs` of
 * wall time has passed, and the wave waits for that answer, so a wave never starts on a reading older than that.
 */
export class LibraryDiskWatch {
  private checkedAt = Number.NEGATIVE_INFINITY
  private lowSpace: AppError | null = null
  private reading: Promise<void> | null = null

  constructor(
    private readonly home: string,
    private readonly onChecked: () => void,
    private readonly minFreeBytes = MIN_FREE_BYTES,
    private readonly staleMs = 1000,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** `ok`, a `problem` to pause on, or `checking` (the caller is called back through onChecked). */
  verdict(): { kind: 'ok' } | { kind: 'problem'; error: AppError } | { kind: 'checking' } {
    const found = probeLibrary(this.home)
    if (found) return { kind: 'problem', error: libraryError(found.folder, found.why) }
    if (this.wallNow() - this.checkedAt > this.staleMs) {
      this.refresh()
      return { kind: 'checking' }
    }
    return this.lowSpace ? { kind: 'problem', error: this.lowSpace } : { kind: 'ok' }
  }

  /** Forget the last reading (after a fault, or when the user resumes): the next wave reads the disk again. */
  invalidate(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY
  }

  async settle(): Promise<void> {
    await this.reading
  }

  private refresh(): void {
    if (this.reading) return
    this.reading = freeBytes(this.home)
      .then(
        (free) => {
          this.lowSpace =
            free < this.minFreeBytes
              ? libraryError(
                  this.home,
                  `only ${mib(free)} free on its disk, below the ${mib(this.minFreeBytes)} the queue keeps free`,
                  'ENOSPC',
                )
              : null
        },
        // A disk that cannot even say how full it is gets no new submits until it can.
        (e: unknown) => {
          this.lowSpace = libraryWriteError(this.home, e)
        },
      )
      .finally(() => {
        this.checkedAt = this.wallNow()
        this.reading = null
        this.onChecked()
      })
  }
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
