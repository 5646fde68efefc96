import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { Logger } from '../core-types'
import type { Db } from '../db/connection'
import { getCell, type CellRow } from '../db/cells'
import { imageOfCell, iterateImages, setImageMissing, setImageThumb } from '../db/images'
import { checkImage, type CheckedImage } from './image-check'
import {
  absPath,
  IMAGES_DIR,
  isCurrentAttempt,
  isTempFileName,
  parseImageFileName,
  QUARANTINE_DIR,
  THUMBS_DIR,
  thumbRelPath,
  toRelPath,
  writeFileAtomic,
} from './files'
import type { WrittenImage } from './save-image'

export interface ReconcileReport {
  missing: number
  found: number
  adopted: number
  quarantined: number
  thumbsRebuilt: number
}

export interface ReconcileContext {
  db: Db
  home: string
  log: Logger
  /**
   * May this cell take a file of its current attempt, found on disk, as its image? (A job whose bytes were
   * written before the row.) The scan itself checks that the file was written by the cell's current attempt.
   */
  canAdopt(cell: CellRow): boolean
  /** Commits the image row and the cell's move to saved, in one transaction. */
  adopt(cell: CellRow, img: CheckedImage, written: WrittenImage): void
}

/**
 * The startup integrity scan. Rows whose file vanished are flagged missing (never dropped); files without a
 * row are adopted when their cell was collecting exactly that image, otherwise moved to quarantine/ — nothing
 * in the library is ever deleted by the app. A file the scan cannot move or read is logged and left in place.
 */
export async function reconcileLibrary(ctx: ReconcileContext): Promise<ReconcileReport> {
  const report: ReconcileReport = { missing: 0, found: 0, adopted: 0, quarantined: 0, thumbsRebuilt: 0 }
  await checkRows(ctx, report)
  await checkFiles(ctx, report)
  await checkThumbs(ctx, report)
  return report
}

async function checkRows(ctx: ReconcileContext, report: ReconcileReport): Promise<void> {
  const rows = [...iterateImages(ctx.db)]
  for (const img of rows) {
    const present = existsSync(absPath(ctx.home, img.path))
    if (!present && !img.missing) {
      setImageMissing(ctx.db, img.id, true)
      report.missing++
      ctx.log.warn('image file missing', { imageId: img.id, path: img.path })
    } else if (present && img.missing) {
      setImageMissing(ctx.db, img.id, false)
      report.found++
    }
    if (present && (!img.thumbPath || !existsSync(absPath(ctx.home, img.thumbPath)))) {
      try {
        const checked = await checkImage(await readFile(absPath(ctx.home, img.path)))
        const thumbPath = thumbRelPath(img.batchId, img.cellId)
        await writeFileAtomic(absPath(ctx.home, thumbPath), checked.thumb)
        setImageThumb(ctx.db, img.id, thumbPath)
        report.thumbsRebuilt++
      } catch (e) {
        ctx.log.warn('thumbnail could not be rebuilt', { imageId: img.id, error: String(e) })
      }
    }
  }
}

async function checkFiles(ctx: ReconcileContext, report: ReconcileReport): Promise<void> {
  const root = join(ctx.home, IMAGES_DIR)
  for (const batchDir of await listFolders(root)) {
    const dir = join(root, batchDir)
    for (const name of await listDir(dir)) {
      // One file the scan cannot handle (permissions, a read-only folder) must not stop the scan of the others.
      try {
        await checkFile(ctx, report, batchDir, name)
      } catch (e) {
        ctx.log.warn('library scan could not handle a file; left in place', {
          file: toRelPath(ctx.home, join(dir, name)),
          error: String(e),
        })
      }
    }
  }
}

async function checkFile(
  ctx: ReconcileContext,
  report: ReconcileReport,
  batchDir: string,
  name: string,
): Promise<void> {
  const file = join(ctx.home, IMAGES_DIR, batchDir, name)
  const named = isTempFileName(name) ? null : parseImageFileName(name)
  const owner = named ? imageOfCell(ctx.db, named.cellId) : undefined
  if (owner?.path === toRelPath(ctx.home, file)) return
  const cell = named ? getCell(ctx.db, named.cellId) : undefined
  if (named && cell && !owner && isCurrentAttempt(named.attempt, cell.attempts) && ctx.canAdopt(cell)) {
    const checked = await checkImage(await readFile(file)).catch((e: unknown) => {
      ctx.log.warn('found image does not decode; quarantined', { cellId: cell.id, error: String(e) })
      return null
    })
    if (checked) {
      // A failure from here on (thumbnail write, the row's commit) leaves the file where it is for the next start.
      const thumbPath = thumbRelPath(cell.batchId, cell.id)
      await writeFileAtomic(absPath(ctx.home, thumbPath), checked.thumb)
      ctx.adopt(cell, checked, { path: toRelPath(ctx.home, file), thumbPath })
      report.adopted++
      ctx.log.info('adopted an image written before its row', { cellId: cell.id })
      return
    }
  }
  await quarantine(ctx.home, batchDir, name, file)
  report.quarantined++
  ctx.log.warn('file without a library row moved to quarantine', { file: toRelPath(ctx.home, file) })
}

/** Thumbnails are derived, but a half-written one or one whose image went to quarantine is still not left lying around. */
async function checkThumbs(ctx: ReconcileContext, report: ReconcileReport): Promise<void> {
  const root = join(ctx.home, THUMBS_DIR)
  for (const batchDir of await listFolders(root)) {
    const dir = join(root, batchDir)
    for (const name of await listDir(dir)) {
      const file = join(dir, name)
      const cellId = name.slice(0, name.length - extname(name).length)
      if (!isTempFileName(name) && imageOfCell(ctx.db, cellId)?.thumbPath === toRelPath(ctx.home, file)) continue
      try {
        await quarantine(ctx.home, join(THUMBS_DIR, batchDir), name, file)
        report.quarantined++
      } catch (e) {
        ctx.log.warn('library scan could not move a thumbnail; left in place', {
          file: toRelPath(ctx.home, file),
          error: String(e),
        })
      }
    }
  }
}

/** Sub-folders of `root`; a stray file or one that cannot be read is skipped, not fatal. */
async function listFolders(root: string): Promise<string[]> {
  const out: string[] = []
  for (const name of await listDir(root)) {
    try {
      if ((await stat(join(root, name))).isDirectory()) out.push(name)
    } catch {
      // vanished or unreadable: nothing in it the scan could handle either
    }
  }
  return out
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort()
  } catch {
    return []
  }
}

async function quarantine(home: string, batchDir: string, name: string, file: string): Promise<void> {
  const dir = join(home, QUARANTINE_DIR, batchDir)
  await mkdir(dir, { recursive: true })
  let target = join(dir, name)
  for (let i = 1; existsSync(target); i++) target = join(dir, `${i}-${name}`)
  await rename(file, target)
}
