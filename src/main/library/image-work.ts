import { AppError, toErrorData, type AppErrorData } from '@shared/errors'
import { checkImage, type ImageFacts } from './image-check'
import type { SoulBatchMetadata } from './metadata'
import { writeImageFiles, type WrittenImage } from './save-image'

/**
 * The whole image work of one saved cell, as one job that a worker thread (image-work-worker.ts) or, when no
 * worker can start, the host itself runs: check the download (sniff, decode every pixel, thumbnail, sha256),
 * embed the metadata and write image, thumbnail and sidecar atomically. Its answer is plain data so that it
 * crosses a thread; `imageWorkOutcome` turns it back into exactly what checkImage and writeImageFiles give or
 * throw on the host (the same AppError for a damaged image, an fs error with its code for a disk fault).
 */
export interface ImageJob {
  home: string
  batchId: string
  cellId: string
  attempt: number
  /**
   * The downloaded bytes. The pool transfers their buffer to the worker rather than copying it (the caller's
   * view is emptied); after a disk fault the worker hands them back and the pool puts them here again, so the
   * same job object can be run again.
   */
  bytes: Uint8Array
  /** Embedded in the file and written beside it as a sidecar (built from the cell: never holds the API key). */
  meta?: SoulBatchMetadata | undefined
}

/** What the caller records: the image's facts (no image or thumbnail bytes) and where it was written. */
export interface SavedImage {
  image: ImageFacts
  written: WrittenImage
}

/** A write that failed, as an fs error's fields (so the library fault classification sees the same `code`). */
export interface WriteFault {
  message: string
  code?: string | undefined
  syscall?: string | undefined
  path?: string | undefined
}

export type ImageWorkAnswer =
  | { ok: true; saved: SavedImage }
  | { ok: false; damaged: AppErrorData }
  | { ok: false; fault: WriteFault; bytes?: Uint8Array | undefined }

/**
 * `blocking`: the caller is a worker thread, whose loop may wait on short file calls, so they are synchronous
 * there (a fraction of the CPU; see files.ts); the host's own fallback keeps the promise forms.
 */
export async function runImageJob(job: ImageJob, blocking = false): Promise<ImageWorkAnswer> {
  let checked
  try {
    checked = await checkImage(job.bytes)
  } catch (e) {
    return { ok: false, damaged: toErrorData(asDownloadError(e)) }
  }
  try {
    const written = await writeImageFiles(job.home, job.batchId, job.cellId, checked, job.attempt, job.meta, blocking)
    const { bytes: _bytes, thumb: _thumb, ...image } = checked
    return { ok: true, saved: { image, written } }
  } catch (e) {
    // The bytes go back with a disk fault: the caller may try the same job again once the folder is fixed.
    return { ok: false, fault: writeFault(e), bytes: job.bytes }
  }
}

/** The answer as the caller knows it from checkImage + writeImageFiles: the saved image, or what they threw. */
export function imageWorkOutcome(answer: ImageWorkAnswer): SavedImage {
  if (answer.ok) return answer.saved
  if ('damaged' in answer) throw new AppError(answer.damaged)
  const err = new Error(answer.fault.message) as NodeJS.ErrnoException
  if (answer.fault.code !== undefined) err.code = answer.fault.code
  if (answer.fault.syscall !== undefined) err.syscall = answer.fault.syscall
  if (answer.fault.path !== undefined) err.path = answer.fault.path
  throw err
}

function asDownloadError(e: unknown): AppError {
  if (e instanceof AppError) return e
  return new AppError({ kind: 'download', message: 'The downloaded image is damaged and cannot be decoded.' })
}

function writeFault(e: unknown): WriteFault {
  const f = e as Partial<NodeJS.ErrnoException> | null
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
  return {
    message: e instanceof Error ? e.message : String(e),
    code: str(f?.code),
    syscall: str(f?.syscall),
    path: str(f?.path),
  }
}
