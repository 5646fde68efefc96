import type { CheckedImage } from './image-check'
import { absPath, imageRelPath, thumbRelPath, writeFileAtomic } from './files'

export interface WrittenImage {
  path: string
  thumbPath: string
}

/**
 * Writes the image and its thumbnail, both atomically. The caller commits the image row only after this
 * resolves (file first, row second), so a row never points at a file that is not there.
 */
export async function writeImageFiles(
  home: string,
  batchId: string,
  cellId: string,
  img: CheckedImage,
  attempt = 1,
): Promise<WrittenImage> {
  const path = imageRelPath(batchId, cellId, img.ext, attempt)
  const thumbPath = thumbRelPath(batchId, cellId)
  await writeFileAtomic(absPath(home, path), img.bytes)
  await writeFileAtomic(absPath(home, thumbPath), img.thumb)
  return { path, thumbPath }
}
