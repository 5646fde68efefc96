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
  isTempFileName,
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
  /** May this cell take a file found on disk as its image? (A job whose bytes were written before the row.) */
  canAdopt(cell: CellRow): boolean
  /** Commits the image row and the cell's move to saved, in one transaction. */
  adopt(cell: CellRow, img: CheckedImage, written: WrittenImage): void
}

/**
 * The startup integrity scan. Rows whose file vanished are flagged missing (never dropped); files without a
 * row are adopted when their cell was collecting exactly that image, otherwise moved to quarantine/ — nothing
 * in the library is ever deleted by the app.
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
  for (const batchDir of await listDir(root)) {
    const dir = join(root, batchDir)
    if (!(await stat(dir)).isDirectory()) continue
    for (const name of await listDir(dir)) {
      const file = join(dir, name)
      const cellId = name.slice(0, name.length - extname(name).length)
      if (!isTempFileName(name) && imageOfCell(ctx.db, cellId)?.path === toRelPath(ctx.home, file)) continue
      const cell = isTempFileName(name) ? undefined : getCell(ctx.db, cellId)
      if (cell && ctx.canAdopt(cell) && !imageOfCell(ctx.db, cellId)) {
        try {
          const checked = await checkImage(await readFile(file))
          const thumbPath = thumbRelPath(cell.batchId, cell.id)
          await writeFileAtomic(absPath(ctx.home, thumbPath), checked.thumb)
          ctx.adopt(cell, checked, { path: toRelPath(ctx.home, file), thumbPath })
          report.adopted++
          ctx.log.info('adopted an image written before a crash', { cellId })
          continue
        } catch (e) {
          ctx.log.warn('found image does not decode; quarantined', { cellId, error: String(e) })
        }
      }
      await quarantine(ctx.home, batchDir, name, file)
      report.quarantined++
      ctx.log.warn('file without a library row moved to quarantine', { file: toRelPath(ctx.home, file) })
    }
  }
}

/** Thumbnails are derived, but a half-written one or one whose image went to quarantine is still not left lying around. */
async function checkThumbs(ctx: ReconcileContext, report: ReconcileReport): Promise<void> {
  const root = join(ctx.home, THUMBS_DIR)
  for (const batchDir of await listDir(root)) {
    const dir = join(root, batchDir)
    if (!(await stat(dir)).isDirectory()) continue
    for (const name of await listDir(dir)) {
      const file = join(dir, name)
      const cellId = name.slice(0, name.length - extname(name).length)
      if (!isTempFileName(name) && imageOfCell(ctx.db, cellId)?.thumbPath === toRelPath(ctx.home, file)) continue
      await quarantine(ctx.home, join(THUMBS_DIR, batchDir), name, file)
      report.quarantined++
    }
  }
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
