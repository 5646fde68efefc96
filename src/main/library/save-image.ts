import type { CheckedImage } from './image-check'
import { embedMetadata } from './embed'
import {
  absPath,
  imageRelPath,
  sha256Hex,
  sidecarRelPath,
  thumbRelPath,
  writeFileAtomic,
  writeFileRenamed,
} from './files'
import { parametersText, type SoulBatchMetadata } from './metadata'

export interface WrittenImage {
  path: string
  thumbPath: string
  /** What was written when metadata went into the file (the row records the file as it is on disk). */
  sha256?: string
  bytes?: number
}

/**
 * Writes the image and its thumbnail, both atomically. With `meta`, the file carries it (embedded losslessly:
 * see embed.ts) and a sidecar JSON is written beside it. The caller commits the image row only after this
 * resolves (file first, row second), so a row never points at a file that is not there.
 */
export async function writeImageFiles(
  home: string,
  batchId: string,
  cellId: string,
  img: CheckedImage,
  attempt = 1,
  meta?: SoulBatchMetadata,
): Promise<WrittenImage> {
  const path = imageRelPath(batchId, cellId, img.ext, attempt)
  const thumbPath = thumbRelPath(batchId, cellId)
  let bytes: Uint8Array = img.bytes
  if (meta) {
    meta = { ...meta, result: { ...meta.result, sourceSha256: img.sha256 } }
    bytes = embedMetadata(img.bytes, { parameters: parametersText(meta), soulBatch: JSON.stringify(meta) })
    // The sidecar first: a file found without a row is adopted from either, and both name the same image. It is a
    // convenience copy of what the image file itself carries, so it skips the fsyncs (one per saved image fewer);
    // the image's own atomic write syncs the folder after both renames.
    await writeFileRenamed(absPath(home, sidecarRelPath(path)), Buffer.from(JSON.stringify(meta, null, 2)))
  }
  await writeFileAtomic(absPath(home, path), bytes)
  await writeFileAtomic(absPath(home, thumbPath), img.thumb)
  return meta ? { path, thumbPath, sha256: sha256Hex(bytes), bytes: bytes.length } : { path, thumbPath }
}
