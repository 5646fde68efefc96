import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  fsync as fsyncFd,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
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
  const tmp = tempPathFor(path)
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
  const tmp = tempPathFor(path)
  await writeFile(tmp, bytes)
  await rename(tmp, path)
}

/**
 * The same two writes for a thread that may block on short calls (the image work pool's workers, never the
 * host's event loop): open, write, close and rename are synchronous, which costs a fraction of the CPU of their
 * promise forms (no hop to libuv's pool and back per call; at hundreds of saved images a second that is a large
 * share of a 2-core machine). The fsyncs stay asynchronous, so the saves of one worker still wait on the disk
 * together, and saves into the same folder share one folder fsync (see syncFolder).
 */
export async function writeFileAtomicWorker(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path)
  const tmp = tempPathMakingFolder(path)
  const fd = openSync(tmp, 'w')
  try {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at)
    await new Promise<void>((resolve, reject) => fsyncFd(fd, (e) => (e ? reject(e) : resolve())))
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
  await syncFolder(dir)
}

export function writeFileRenamedWorker(path: string, bytes: Uint8Array): void {
  const tmp = tempPathMakingFolder(path)
  writeFileSync(tmp, bytes)
  renameSync(tmp, path)
}

/** tempPathFor, creating the folder only when it is missing (one stat, not a mkdir per file). */
function tempPathMakingFolder(path: string): string {
  const dir = dirname(path)
  if (!statSync(dir, { throwIfNoEntry: false })) mkdirSync(dir, { recursive: true })
  return tempPathFor(path)
}

/** Per folder: whether its fsync runs now, and who waits for the next one. */
const folderSyncs = new Map<string, { running: boolean; waiters: (() => void)[] }>()

/**
 * Makes every rename done in `dir` before this call durable. A group commit: an fsync of the folder covers all
 * renames before it started, so callers that arrive while one runs share the next one instead of each
 * queueing its own (a batch's images all go into one folder).
 */
export function syncFolder(dir: string): Promise<void> {
  return new Promise((resolve) => {
    let s = folderSyncs.get(dir)
    if (!s) folderSyncs.set(dir, (s = { running: false, waiters: [] }))
    s.waiters.push(resolve)
    if (!s.running) runFolderSync(dir, s)
  })
}

function runFolderSync(dir: string, s: { running: boolean; waiters: (() => void)[] }): void {
  const covered = s.waiters
  s.waiters = []
  s.running = true
  const done = (): void => {
    s.running = false
    for (const resolve of covered) resolve()
    if (s.waiters.length > 0) runFolderSync(dir, s)
    else folderSyncs.delete(dir)
  }
  // Best effort, as fsyncDir (a folder that cannot be synced, or closed): the waiters go on either way.
  fsyncDir(dir).then(done, done)
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

/** Where a file is written before it is renamed to `path`: `.<name>.<8 hex>.tmp` in the same folder. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
}

export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp')
}

/** The name a temp file of ours was going to be renamed to (`.x.png.0a1b2c3d.tmp` -> `x.png`); null if not ours. */
export function tempFileTarget(name: string): string | null {
  const m = /^\.(.+)\.[0-9a-f]{8}\.tmp$/.exec(name)
  return m ? m[1]! : null
}
