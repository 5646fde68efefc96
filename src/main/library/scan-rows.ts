import { stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { sql } from '../db/connection'
import { imageOfCell, setImageThumb } from '../db/images'
import { absPath, isTempFileName, THUMBS_DIR, thumbRelPath, writeFileAtomic } from './files'
import { makeThumb } from './thumbnails'
import { listDir, listFolders, quarantine, yieldToLoop, type ReconcileContext, type ReconcileReport } from './reconcile'

const SLICE = 256

interface ScanRow {
  r: number
  id: string
  batch_id: string
  cell_id: string
  path: string
  thumb_path: string | null
  bytes: number
  missing: number
}

/**
 * File checks in flight at once. Every async fs call waits for one of libuv's 4 threads, shared with the whole
 * host (the image route, thumbnails, WAL fsyncs); a slice's 256 stats queued at once made those wait behind the
 * whole slice while a 100 000-image library was scanned. As many as the pool has threads keeps the scan's pace
 * (the pool runs 4 at a time either way) while anyone else waits behind 4 stats at most.
 */
const STATS_IN_FLIGHT = 4

/** fn over items with at most `limit` calls running at once; results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return out
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size
  } catch {
    return null
  }
}

/**
 * Every row, a slice at a time in rowid order (a keyset walk of the table's own b-tree, only the columns it
 * needs): a file that vanished flags its row missing, one whose size no longer matches the row is damaged
 * (flagged too, and logged), one that came back is unflagged, and a lost thumbnail is remade.
 */
export async function scanRows(ctx: ReconcileContext, report: ReconcileReport): Promise<void> {
  let after = -1
  for (;;) {
    if (ctx.signal?.aborted) return
    const rows = sql(
      ctx.db,
      `SELECT rowid AS r, id, batch_id, cell_id, path, thumb_path, bytes, missing FROM images
       WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    ).all(after, SLICE) as ScanRow[]
    if (rows.length === 0) return
    after = rows[rows.length - 1]!.r
    const sizes = await mapLimited(rows, STATS_IN_FLIGHT, (row) => sizeOf(absPath(ctx.home, row.path)))
    const thumbs = await mapLimited(rows, STATS_IN_FLIGHT, (row) =>
      row.thumb_path ? sizeOf(absPath(ctx.home, row.thumb_path)) : Promise.resolve(null),
    )
    const flags: [string, number][] = []
    rows.forEach((row, i) => {
      const size = sizes[i]
      const ok = size !== null && size === row.bytes
      if (size === null && !row.missing) {
        report.missing++
        ctx.log.warn('image file missing', { imageId: row.id, path: row.path })
      } else if (size !== null && !ok && !row.missing) {
        report.damaged++
        ctx.log.warn('image file damaged: its size changed since it was saved', { imageId: row.id, path: row.path })
      } else if (ok && row.missing) report.found++
      if (ok !== !row.missing) flags.push([row.id, ok ? 0 : 1])
    })
    if (flags.length > 0) {
      const q = sql(ctx.db, 'UPDATE images SET missing = ? WHERE id = ?')
      ctx.db.transaction(() => flags.forEach(([id, m]) => q.run(m, id)))()
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      // Only a thumbnail that was made and then lost; images that never had one get theirs lazily, on first view.
      if (sizes[i] === null || !row.thumb_path || thumbs[i] !== null) continue
      try {
        const thumb = await makeThumb(absPath(ctx.home, row.path))
        const rel = thumbRelPath(row.batch_id, row.cell_id)
        await writeFileAtomic(absPath(ctx.home, rel), thumb)
        setImageThumb(ctx.db, row.id, rel)
        report.thumbsRebuilt++
      } catch (e) {
        ctx.log.warn('thumbnail could not be rebuilt', { imageId: row.id, error: String(e) })
      }
    }
    await yieldToLoop()
  }
}

/** Thumbnails are derived, but a half-written one or one whose image went to quarantine is not left lying around. */
export async function scanThumbFiles(ctx: ReconcileContext, report: ReconcileReport): Promise<void> {
  const root = join(ctx.home, THUMBS_DIR)
  for (const batchDir of await listFolders(root)) {
    const names = await listDir(join(root, batchDir))
    for (let i = 0; i < names.length; i += SLICE) {
      if (ctx.signal?.aborted) return
      for (const name of names.slice(i, i + SLICE)) {
        const rel = `${THUMBS_DIR}/${batchDir}/${name}`
        const cellId = name.slice(0, name.length - extname(name).length)
        if (!isTempFileName(name) && imageOfCell(ctx.db, cellId)?.thumbPath === rel) continue
        try {
          await quarantine(ctx.home, rel)
          report.quarantined++
        } catch (e) {
          ctx.log.warn('library scan could not move a thumbnail; left in place', { file: rel, error: String(e) })
        }
      }
      await yieldToLoop()
    }
  }
}
