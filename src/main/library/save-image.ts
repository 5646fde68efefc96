import type { CheckedImage } from './image-check'
import { embedMetadata } from './embed'
import {
  absPath,
  imageRelPath,
  sha256Hex,
  sidecarRelPath,
  thumbRelPath,
  writeFileAtomic,
  writeFileAtomicWorker,
  writeFileRenamed,
  writeFileRenamedWorker,
} from './files'
import { parametersText, type SoulBatchMetadata } from './metadata'

export interface WrittenImage {
  path: string
  thumbPath: string
  /** What was written when metadata went into the file (the row records the file as it is on disk). */
  sha256?: string
  bytes?: number
}

/** One file of a saved image: `durable` ones are fsynced (file and folder), the others only renamed into place. */
interface PlannedFile {
  path: string
  bytes: Uint8Array
  durable: boolean
}

/**
 * What saving an image writes, in order. The sidecar first: a file found without a row is adopted from either,
 * and both name the same image. It is a convenience copy of what the image file itself carries, so it skips the
 * fsyncs; the image's own atomic write syncs the folder after both renames. The thumbnail is a cache that the
 * gallery remakes when it is missing or empty (a power cut can leave a renamed, unsynced file empty), so it skips
 * them too: one fsynced file per saved image, the one that was paid for.
 */
function planImageFiles(
  home: string,
  batchId: string,
  cellId: string,
  img: CheckedImage,
  attempt: number,
  meta: SoulBatchMetadata | undefined,
): { files: PlannedFile[]; written: WrittenImage } {
  const path = imageRelPath(batchId, cellId, img.ext, attempt)
  const thumbPath = thumbRelPath(batchId, cellId)
  const thumb = { path: absPath(home, thumbPath), bytes: img.thumb, durable: false }
  if (!meta)
    return {
      files: [{ path: absPath(home, path), bytes: img.bytes, durable: true }, thumb],
      written: { path, thumbPath },
    }
  meta = { ...meta, result: { ...meta.result, sourceSha256: img.sha256 } }
  const bytes = embedMetadata(img.bytes, { parameters: parametersText(meta), soulBatch: JSON.stringify(meta) })
  return {
    files: [
      { path: absPath(home, sidecarRelPath(path)), bytes: Buffer.from(JSON.stringify(meta, null, 2)), durable: false },
      { path: absPath(home, path), bytes, durable: true },
      thumb,
    ],
    written: { path, thumbPath, sha256: sha256Hex(bytes), bytes: bytes.length },
  }
}

/**
 * Writes the image and its thumbnail, never torn under their final names. With `meta`, the file carries it
 * (embedded losslessly: see embed.ts) and a sidecar JSON is written beside it. The caller commits the image row
 * only after this resolves (file first, row second), so a row never points at a file that is not there.
 * `inWorker`: the caller is a thread that may block on short file calls (the image work pool's workers), which
 * write with the cheaper synchronous calls (files.ts); the host keeps the promise forms.
 */
export async function writeImageFiles(
  home: string,
  batchId: string,
  cellId: string,
  img: CheckedImage,
  attempt = 1,
  meta?: SoulBatchMetadata,
  inWorker = false,
): Promise<WrittenImage> {
  const { files, written } = planImageFiles(home, batchId, cellId, img, attempt, meta)
  for (const f of files) {
    if (!inWorker) await (f.durable ? writeFileAtomic(f.path, f.bytes) : writeFileRenamed(f.path, f.bytes))
    else if (f.durable) await writeFileAtomicWorker(f.path, f.bytes)
    else writeFileRenamedWorker(f.path, f.bytes)
  }
  return written
}
