import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../core-types'
import type { Db } from '../db/connection'
import { cellsInState, getCell, type CellRow } from '../db/cells'
import { imageOfCell } from '../db/images'
import { checkImage, EXT_BY_MIME, type CheckedImage } from './image-check'
import {
  absPath,
  imageRelPath,
  isCurrentAttempt,
  isSidecarName,
  isTempFileName,
  parseImageFileName,
  tempFileTarget,
} from './files'
import { IMAGES_DIR, QUARANTINE_DIR, thumbRelPath, toRelPath, writeFileAtomic } from './files'
import type { WrittenImage } from './save-image'
import { scanRows, scanThumbFiles } from './scan-rows'
import { adoptStray } from './scan-adopt'

export interface ReconcileReport {
  missing: number
  found: number
  damaged: number
  adopted: number
  quarantined: number
  thumbsRebuilt: number
}

export const emptyReport = (): ReconcileReport => ({
  missing: 0,
  found: 0,
  damaged: 0,
  adopted: 0,
  quarantined: 0,
  thumbsRebuilt: 0,
})

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
  /**
   * Cells with an operation under way (a scan while the queue runs): their files are being written and their row
   * follows, so the scan leaves those files alone: no adoption racing the operation's own commit (it would save the
   * cell without its output URL, and refuse the operation's row), no quarantine of a temp file about to be renamed.
   */
  busy?: ((cellId: string) => boolean) | undefined
  /**
   * When this process began saving (epoch ms): a temp file older than that is a leftover of an earlier run (a
   * crash mid-write), never a save under way, even for a cell that is busy again now.
   */
  busySince?: number | undefined
  /** Set when the library closes: the scan stops between slices. */
  signal?: AbortSignal | undefined
}

/** States whose cells can own an image file written before their row; few at any time (the in-flight ones). */
const ADOPTING_STATES = ['queued', 'processing', 'fetching', 'submitting', 'unknown'] as const

/**
 * The part of the start-up scan the queue must wait for: a cell still waiting for its image whose file was
 * written before its row (a crash between the file's fsync and the commit) takes that file, so it is never
 * downloaded (or, for a sync cell, paid) twice. It looks only at those cells' own file names, so it costs the
 * number of in-flight cells, not the size of the library.
 */
export async function adoptInFlight(ctx: ReconcileContext, report = emptyReport()): Promise<ReconcileReport> {
  for (const state of ADOPTING_STATES) {
    for (const cell of cellsInState(ctx.db, state)) {
      if (ctx.busy?.(cell.id) || !ctx.canAdopt(cell) || imageOfCell(ctx.db, cell.id)) continue
      for (const ext of Object.values(EXT_BY_MIME)) {
        const rel = imageRelPath(cell.batchId, cell.id, ext, Math.max(1, cell.attempts))
        if (!existsSync(absPath(ctx.home, rel))) continue
        try {
          const outcome = await adoptFile(ctx, cell, rel)
          if (outcome === 'adopted') report.adopted++
          else if (outcome === 'quarantined') report.quarantined++
        } catch (e) {
          ctx.log.warn('library scan could not handle a file; left in place', { file: rel, error: String(e) })
        }
        break
      }
    }
  }
  return report
}

/** Adopts the file as the cell's image, or quarantines it when it does not decode; leaves it to a busy cell. */
async function adoptFile(
  ctx: ReconcileContext,
  cell: CellRow,
  rel: string,
): Promise<'adopted' | 'quarantined' | 'left'> {
  const file = absPath(ctx.home, rel)
  const checked = await checkImage(await readFile(file)).catch((e: unknown) => {
    ctx.log.warn('found image does not decode; quarantined', { cellId: cell.id, error: String(e) })
    return null
  })
  if (ctx.busy?.(cell.id)) return 'left'
  if (!checked) {
    await quarantine(ctx.home, rel)
    return 'quarantined'
  }
  // A failure from here on (thumbnail write, the row's commit) leaves the file where it is for the next start.
  const thumbPath = thumbRelPath(cell.batchId, cell.id)
  await writeFileAtomic(absPath(ctx.home, thumbPath), checked.thumb)
  // Checked again after the awaits, in the same turn as the commit: an operation may have started meanwhile.
  if (ctx.busy?.(cell.id)) return 'left'
  ctx.adopt(cell, checked, { path: rel, thumbPath })
  ctx.log.info('adopted an image written before its row', { cellId: cell.id })
  return 'adopted'
}

/**
 * The whole-library scan, run in the background after the queue has started: rows whose file vanished are
 * flagged missing (never dropped), files without a row are adopted (their cell's current attempt, or from their
 * soul-batch metadata when this library has no such cell) or moved to quarantine/ — nothing is ever deleted.
 * Works in slices with a yield between them, so the event loop is never held for long at 100 000 images.
 */
export async function reconcileLibrary(ctx: ReconcileContext): Promise<ReconcileReport> {
  const report = emptyReport()
  await adoptInFlight(ctx, report)
  await scanRows(ctx, report)
  await scanFiles(ctx, report)
  await scanThumbFiles(ctx, report)
  return report
}

const SLICE = 256
export const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r))

async function scanFiles(ctx: ReconcileContext, report: ReconcileReport): Promise<void> {
  const root = join(ctx.home, IMAGES_DIR)
  for (const batchDir of await listFolders(root)) {
    const names = await listDir(join(root, batchDir))
    const present = new Set(names)
    for (let i = 0; i < names.length; i += SLICE) {
      if (ctx.signal?.aborted) return
      for (const name of names.slice(i, i + SLICE)) {
        // One file the scan cannot handle (permissions, a read-only folder) must not stop the scan of the others.
        try {
          await checkFile(ctx, report, batchDir, name, present)
        } catch (e) {
          ctx.log.warn('library scan could not handle a file; left in place', {
            file: `${IMAGES_DIR}/${batchDir}/${name}`,
            error: String(e),
          })
        }
      }
      await yieldToLoop()
    }
  }
}

async function checkFile(
  ctx: ReconcileContext,
  report: ReconcileReport,
  batchDir: string,
  name: string,
  present: ReadonlySet<string>,
): Promise<void> {
  const rel = `${IMAGES_DIR}/${batchDir}/${name}`
  if (isSidecarName(name) && !isTempFileName(name)) {
    // A sidecar stays while its image is there or its row still expects it (a missing file may come back);
    // a stray one goes to quarantine.
    const imageName = name.slice(0, -'.json'.length)
    if (present.has(imageName)) return
    const forCell = parseImageFileName(imageName)
    // Written first, before its image: a save under way has its sidecar here and its image a moment later.
    if (forCell && ctx.busy?.(forCell.cellId)) return
    if (forCell && imageOfCell(ctx.db, forCell.cellId)?.path === `${IMAGES_DIR}/${batchDir}/${imageName}`) return
    await quarantine(ctx.home, rel)
    report.quarantined++
    return
  }
  if (ctx.busy && isTempFileName(name)) {
    // `.<image name>.<random>.tmp`: a save under way writes it and renames it in a moment.
    // The image's own temp file or its sidecar's (`x.png.json`): both belong to the cell of `x.png`.
    const target = tempFileTarget(name)
    const written = target ? parseImageFileName(target.replace(/\.json$/, '')) : null
    if (written && ctx.busy(written.cellId) && (await modifiedSince(absPath(ctx.home, rel), ctx.busySince ?? 0))) return
  }
  const named = isTempFileName(name) ? null : parseImageFileName(name)
  if (named && ctx.busy?.(named.cellId)) return
  const owner = named ? imageOfCell(ctx.db, named.cellId) : undefined
  if (owner?.path === rel) return
  const cell = named ? getCell(ctx.db, named.cellId) : undefined
  if (named && cell && !owner && isCurrentAttempt(named.attempt, cell.attempts) && ctx.canAdopt(cell)) {
    const outcome = await adoptFile(ctx, cell, rel)
    if (outcome === 'adopted') report.adopted++
    else if (outcome === 'quarantined') report.quarantined++
    return
  }
  if (named && !cell && (await adoptStray(ctx, rel))) {
    report.adopted++
    return
  }
  await quarantine(ctx.home, rel)
  if (present.has(`${name}.json`)) await quarantine(ctx.home, `${rel}.json`)
  report.quarantined++
  ctx.log.warn('file without a library row moved to quarantine', { file: rel })
}

async function modifiedSince(file: string, since: number): Promise<boolean> {
  try {
    return (await stat(file)).mtimeMs >= since
  } catch {
    return false
  }
}

/** Sub-folders of `root`; a stray file or one that cannot be read is skipped, not fatal. */
export async function listFolders(root: string): Promise<string[]> {
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

export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort()
  } catch {
    return []
  }
}

/** Moves a library file to quarantine/, keeping its place under images/ or thumbs/ readable; never overwrites. */
export async function quarantine(home: string, rel: string): Promise<void> {
  const parts = rel.split('/')
  const name = parts.pop()!
  // images/<batch>/x -> quarantine/<batch>/x (as before); thumbs/<batch>/x -> quarantine/thumbs/<batch>/x
  const sub = parts[0] === IMAGES_DIR ? parts.slice(1) : parts
  const dir = join(home, QUARANTINE_DIR, ...sub)
  await mkdir(dir, { recursive: true })
  let target = join(dir, name)
  for (let i = 1; existsSync(target); i++) target = join(dir, `${i}-${name}`)
  await rename(absPath(home, rel), target)
}

export { toRelPath }
