import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, rename, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative, sep } from 'node:path'

export const IMAGES_DIR = 'images'
export const THUMBS_DIR = 'thumbs'
export const QUARANTINE_DIR = 'quarantine'

/**
 * Library-relative paths (forward slashes) so a library folder can move between machines. The name says which
 * attempt of the cell made the image (the first keeps the plain name libraries always had), so that the start-up
 * scan adopts a file without its row only for the attempt that wrote it, never an earlier attempt's leftover.
 */
export function imageRelPath(batchId: string, cellId: string, ext: string, attempt = 1): string {
  return `${IMAGES_DIR}/${batchId}/${attempt > 1 ? `${cellId}.attempt${attempt}` : cellId}.${ext}`
}

/** The cell and attempt an image file's name says it holds; null for names the app never writes. */
export function parseImageFileName(name: string): { cellId: string; attempt: number } | null {
  const m = /^([^.]+)(?:\.attempt([1-9][0-9]*))?\.[A-Za-z0-9]+$/.exec(name)
  if (!m) return null
  return { cellId: m[1]!, attempt: m[2] !== undefined ? Number(m[2]) : 1 }
}

/** Whether a file written by `fileAttempt` belongs to a cell now on `cellAttempts` (0 before its first submit). */
export function isCurrentAttempt(fileAttempt: number, cellAttempts: number): boolean {
  return fileAttempt === Math.max(1, cellAttempts)
}

/** The JSON beside an image file: `images/<batch>/<cell>.png.json`. */
export function sidecarRelPath(imageRel: string): string {
  return `${imageRel}.json`
}

export function isSidecarName(name: string): boolean {
  return name.endsWith('.json')
}

export function thumbRelPath(batchId: string, cellId: string): string {
  return `${THUMBS_DIR}/${batchId}/${cellId}.webp`
}

export function absPath(home: string, rel: string): string {
  return join(home, ...rel.split('/'))
}

export function toRelPath(home: string, abs: string): string {
  return relative(home, abs).split(sep).join('/')
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Write-then-rename in the same folder, with fsync of the file before the rename and of the folder after it:
 * a crash leaves either the old state or the whole new file, never a torn image under its final name.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const tmp = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  const fh = await open(tmp, 'w')
  try {
    await fh.writeFile(bytes)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await rename(tmp, path)
  await fsyncDir(dir)
}

/** Write-then-rename without fsync: never torn under its final name by a crash of the app, cheap; not power-cut proof. */
export async function writeFileRenamed(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const tmp = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  await writeFile(tmp, bytes)
  await rename(tmp, path)
}

/** Makes the rename durable. Some platforms (Windows) cannot open a folder for fsync; the rename still happened. */
async function fsyncDir(dir: string): Promise<void> {
  let fh
  try {
    fh = await open(dir, 'r')
    await fh.sync()
  } catch {
    // best effort: the file itself is already synced
  } finally {
    await fh?.close()
  }
}

export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp')
}
