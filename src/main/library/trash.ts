import { rm } from 'node:fs/promises'
import type { Logger } from '../core-types'
import type { Db } from '../db/connection'
import { deleteImageRows, trashedSlice } from '../db/library'
import { absPath, sidecarRelPath } from './files'

const SLICE = 200

/**
 * Empties the trash: each image's files (file, sidecar, thumbnail) first, then its row, slice by slice so the
 * event loop is never held. A file the system refuses to delete keeps its row (still in the trash, listed, and
 * retried next time) rather than leaving a row without a file or a file without a row.
 */
export async function emptyTrash(db: Db, home: string, log: Logger): Promise<number> {
  let after: [number, string] = [-Number.MAX_SAFE_INTEGER, '']
  let deleted = 0
  for (;;) {
    const slice = trashedSlice(db, after, SLICE)
    if (slice.length === 0) return deleted
    const last = slice[slice.length - 1]!
    after = [last.created_at, last.id]
    const gone: string[] = []
    for (const img of slice) {
      const files = [img.path, sidecarRelPath(img.path), ...(img.thumb_path ? [img.thumb_path] : [])]
      try {
        // force: a file already gone is what we want; any other failure keeps the row.
        for (const rel of files) await rm(absPath(home, rel), { force: true })
        gone.push(img.id)
      } catch (e) {
        log.warn('could not delete a trashed image file; kept in the trash', { imageId: img.id, error: String(e) })
      }
    }
    deleted += deleteImageRows(db, gone)
  }
}
