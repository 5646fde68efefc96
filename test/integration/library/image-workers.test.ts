import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import sharp from 'sharp'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { imageWorkNice } from '../../../src/main/background-thread'
import { readEmbedded } from '../../../src/main/library/embed'
import { sha256Hex } from '../../../src/main/library/files'
import { checkImage } from '../../../src/main/library/image-check'
import type { ImageJob } from '../../../src/main/library/image-work'
import { ImageWorkPool, spawnImageWorker } from '../../../src/main/library/image-workers'
import { isLibraryFault, libraryWriteError } from '../../../src/main/library/library-faults'
import type { SoulBatchMetadata } from '../../../src/main/library/metadata'
import { writeImageFiles } from '../../../src/main/library/save-image'

/**
 * The image work pool with real worker threads (loaded the way the CLI and browser mode load them), real images
 * and real folders: the same outcomes as checkImage + writeImageFiles on the host, and the pool's own failures.
 */

async function picture(format: 'jpeg' | 'png' | 'webp', width = 640, height = 480): Promise<Buffer> {
  const svg = `<svg width="${width}" height="${height}"><circle cx="200" cy="160" r="120" fill="#3af"/></svg>`
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .composite([{ input: Buffer.from(svg) }])
    [format]()
    .toBuffer()
}

const META: SoulBatchMetadata = {
  app: 'soul-batch',
  version: 1,
  imageId: 'img1',
  batch: { id: 'b1', name: 'Lighthouses' },
  cell: { id: 'c1', promptIndex: 0, seedIndex: 0, attempt: 1 },
  request: { prompt: 'a lighthouse at dusk', style_id: 'realistic', width_and_height: '1152x1536', quality: '720p' },
  result: { seed: 7, requestId: 'req-1', metrics: null },
  createdAt: 1_700_000_000_000,
} as SoulBatchMetadata

const homes: string[] = []
function home(): string {
  const d = mkdtempSync(join(tmpdir(), 'soul-batch-imgpool-'))
  homes.push(d)
  return d
}
/** A real small filesystem (tmpfs) at `dir`, where this process may mount one (root on Linux); else false. */
const mounts: string[] = []
function mountTmpfs(dir: string, size: string, readOnly = false): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], {
      stdio: 'ignore',
    })
    mounts.push(dir)
    return true
  } catch {
    return false
  }
}
const canMount = ((): boolean => {
  const probe = mkdtempSync(join(tmpdir(), 'soul-batch-mount-probe-'))
  const ok = mountTmpfs(probe, '64k')
  if (ok) execFileSync('umount', [mounts.pop()!])
  rmSync(probe, { recursive: true, force: true })
  return ok
})()

afterEach(() => {
  for (const m of mounts.splice(0)) execFileSync('umount', [m])
  for (const d of homes.splice(0)) {
    chmodSync(d, 0o755)
    rmSync(d, { recursive: true, force: true })
  }
})

function job(h: string, bytes: Uint8Array, cellId = 'c1'): ImageJob {
  return { home: h, batchId: 'b1', cellId, attempt: 1, bytes, meta: { ...META, cell: { ...META.cell, id: cellId } } }
}

function warnings(): { log: { warn(msg: string, data?: Record<string, unknown>): void }; seen: string[] } {
  const seen: string[] = []
  return { seen, log: { warn: (msg) => seen.push(msg) } }
}

const pool = new ImageWorkPool({ size: 2 })
afterAll(() => pool.close())

describe('the image work pool (real worker threads)', () => {
  it('saves a whole image exactly as the host path does, moving the bytes instead of copying them', async () => {
    const source = await picture('jpeg')
    const expected = await checkImage(Buffer.from(source))
    const hostHome = home()
    const onHost = await writeImageFiles(hostHome, 'b1', 'c1', expected, 1, META)

    const h = home()
    const bytes = new Uint8Array(source) // a buffer of its own, as a multi-megabyte download has
    const saved = await pool.run(job(h, bytes))
    expect(pool.onWorkers).toBe(true)
    expect(pool.workers()).toHaveLength(2)
    // Transferred: the caller's view of the download is emptied, not duplicated.
    expect(bytes.byteLength).toBe(0)

    const { bytes: _b, thumb: _t, ...facts } = expected
    expect(saved.image).toEqual(facts)
    expect(saved.written).toEqual(onHost)
    const file = readFileSync(join(h, 'images', 'b1', 'c1.jpg'))
    expect(sha256Hex(file)).toBe(saved.written.sha256)
    expect(file.equals(readFileSync(join(hostHome, 'images', 'b1', 'c1.jpg')))).toBe(true)
    const embedded = JSON.parse(readEmbedded(file).soulBatch!) as SoulBatchMetadata
    expect(embedded.result.sourceSha256).toBe(sha256Hex(source))
    const sidecar = JSON.parse(readFileSync(join(h, 'images', 'b1', 'c1.jpg.json'), 'utf8')) as SoulBatchMetadata
    expect(sidecar.imageId).toBe('img1')
    expect((await sharp(join(h, 'thumbs', 'b1', 'c1.webp')).metadata()).format).toBe('webp')
  })

  it.runIf(process.platform === 'linux')(
    "runs sharp's work below the host's priority: libuv's pool threads are lowered",
    async () => {
      await pool.run(job(home(), await picture('webp', 64, 48)))
      const niceOf = (tid: string): number =>
        Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16])
      const poolThreads = readdirSync('/proc/self/task').filter((t) =>
        readFileSync(`/proc/self/task/${t}/comm`, 'utf8').startsWith('libuv-worker'),
      )
      expect(poolThreads.length).toBeGreaterThan(0)
      // At the workers' priority, or lower still where the whole run started lower (under `nice -n 19`).
      const floor = Math.max(imageWorkNice(), niceOf(readlinkSync('/proc/thread-self').split('/').pop()!))
      for (const t of poolThreads) expect(niceOf(t), `libuv thread ${t}`).toBe(floor)
    },
  )

  it("copies a download that shares its buffer (Node's small-buffer pool) instead of detaching the shared one", async () => {
    const small = await picture('png', 40, 30)
    const pooled = Buffer.from(small)
    expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength) // a slice of Node's pool
    const neighbour = Buffer.from('still here') // likely in the same pool slab
    const saved = await pool.run(job(home(), pooled))
    expect(saved.image).toMatchObject({ width: 40, height: 30 })
    expect(pooled.equals(small)).toBe(true)
    expect(neighbour.toString()).toBe('still here')
  })

  it('saves PNG and WebP too, several at once', async () => {
    const h = home()
    const formats = ['png', 'webp', 'jpeg', 'png', 'webp', 'jpeg'] as const
    const all = await Promise.all(
      formats.map(async (f, i) => pool.run(job(h, await picture(f, 300 + i, 200)), { keepBytes: i % 2 === 0 })),
    )
    all.forEach((s, i) => {
      expect(s.image).toMatchObject({ width: 300 + i, height: 200 })
      expect(existsSync(join(h, s.written.path))).toBe(true)
    })
  })

  it('refuses a truncated download with the same error as checkImage, and writes nothing', async () => {
    const whole = await picture('jpeg', 800, 1000)
    const cut = whole.subarray(0, Math.floor(whole.length / 2))
    const onHost = await checkImage(Buffer.from(cut)).catch((e: unknown) => e)
    const h = home()
    const err = await pool.run(job(h, Buffer.from(cut))).catch((e: unknown) => e)
    expect(AppError.is(err, 'download')).toBe(true)
    expect(err).toMatchObject({ message: (onHost as AppError).message, retryable: true })
    expect(existsSync(join(h, 'images'))).toBe(false)

    const html = await pool.run(job(h, Buffer.from('<html>busy</html>'))).catch((e: unknown) => e)
    expect(html).toMatchObject({ kind: 'download', message: 'The downloaded file is not a JPEG, PNG or WebP image.' })
  })

  it('a disk fault is a library fault with its code, and the bytes come back for the retry once it is fixed', async () => {
    const h = home()
    writeFileSync(join(h, 'images'), 'not a folder')
    const j = job(h, await picture('png'))
    const err = await pool.run(j).catch((e: unknown) => e)
    expect(err).not.toBeInstanceOf(AppError)
    expect(isLibraryFault(err)).toBe(true)
    expect((err as NodeJS.ErrnoException).code).toBe('ENOTDIR')
    expect(libraryWriteError(h, err)).toMatchObject({ kind: 'library' })
    expect(libraryWriteError(h, err).message).toContain('it is a file, not a folder')

    expect(j.bytes.byteLength).toBeGreaterThan(0)
    rmSync(join(h, 'images'))
    const saved = await pool.run(j)
    expect(existsSync(join(h, saved.written.path))).toBe(true)
  })

  it.skipIf(!canMount)('a read-only disk (EROFS) and a full disk (ENOSPC) are library faults', async () => {
    const readOnly = home()
    expect(mountTmpfs(readOnly, '1m', true)).toBe(true)
    const ro = await pool.run(job(readOnly, await picture('png'))).catch((e: unknown) => e)
    // (Node's recursive mkdir reports ENOENT here; the folder probe then finds the cause.)
    expect(isLibraryFault(ro)).toBe(true)
    expect(libraryWriteError(readOnly, ro)).toMatchObject({ kind: 'library' })
    expect(libraryWriteError(readOnly, ro).message).toContain('the disk is read-only')

    const full = home()
    expect(mountTmpfs(full, '16k')).toBe(true)
    const big = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#123456' } })
      .composite([{ input: Buffer.from('<svg width="600" height="600"><text x="9" y="99">noise</text></svg>') }])
      .png({ compressionLevel: 0 })
      .toBuffer()
    const err = await pool.run(job(full, big)).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'ENOSPC' })
    expect(libraryWriteError(full, err).message).toContain('the disk is full')
  })

  it.skipIf(process.getuid?.() === 0)('a read-only library folder is a library fault (EACCES)', async () => {
    const h = home()
    mkdirSync(join(h, 'images'))
    chmodSync(join(h, 'images'), 0o555)
    const err = await pool.run(job(h, await picture('png'))).catch((e: unknown) => e)
    chmodSync(join(h, 'images'), 0o755)
    expect(isLibraryFault(err)).toBe(true)
    expect(libraryWriteError(h, err).kind).toBe('library')
  })
})

/** A real worker thread that loads, says it is ready, and dies on its first job (as an out-of-memory worker would). */
function crashingWorker(): Worker {
  const src = `
    const { parentPort } = require('node:worker_threads')
    parentPort.postMessage('ready')
    parentPort.on('message', () => { throw new Error('out of memory') })
  `
  return new Worker(src, { eval: true })
}

describe('the pool when its workers fail', () => {
  it('survives a worker crash: moved jobs fail retryably, kept ones are redone here, the next job runs on a new worker', async () => {
    let spawned = 0
    const spawn = (): Worker => (spawned++ === 0 ? crashingWorker() : spawnImageWorker())
    const p = new ImageWorkPool({ size: 1, spawn })
    const w = warnings()
    try {
      const moved = await p.run(job(home(), await picture('png')), { log: w.log }).catch((e: unknown) => e)
      expect(AppError.is(moved, 'io')).toBe(true)
      expect(moved).toMatchObject({ retryable: true })
      expect(w.seen).toContain('an image worker stopped; starting another')

      const h = home()
      const saved = await p.run(job(h, await picture('webp')), { log: w.log })
      expect(existsSync(join(h, saved.written.path))).toBe(true)
      expect(spawned).toBe(2)
      expect(p.onWorkers).toBe(true)
    } finally {
      await p.close()
    }

    const kept = new ImageWorkPool({ size: 1, spawn: crashingWorker, maxRestarts: 0 })
    try {
      const h = home()
      const bytes = await picture('jpeg')
      const saved = await kept.run(job(h, bytes), { keepBytes: true, log: w.log })
      expect(bytes.byteLength).toBeGreaterThan(0)
      expect(sha256Hex(readFileSync(join(h, saved.written.path)))).toBe(saved.written.sha256)
      // No restarts left: the host does the work from now on, and said so.
      expect(kept.onWorkers).toBe(false)
      expect(w.seen).toContain('image work runs on the host thread')
    } finally {
      await kept.close()
    }
  })

  it('closing leaves no job waiting: jobs not yet handed to a worker are done here', async () => {
    const p = new ImageWorkPool({ size: 1 })
    const h = home()
    const [a, b] = [await picture('png'), await picture('webp')]
    // Same tick: the worker cannot have said it is ready, so both jobs still wait in the pool when it closes.
    const kept = p.run(job(h, a, 'k'), { keepBytes: true })
    const moved = p.run(job(h, b, 'm'))
    await p.close()
    for (const saved of await Promise.all([kept, moved])) {
      expect(existsSync(join(h, saved.written.path))).toBe(true)
    }
    expect(p.workers()).toHaveLength(0)
  })

  it('replaces a worker that was terminated while idle', async () => {
    const p = new ImageWorkPool({ size: 1 })
    try {
      await p.run(job(home(), await picture('png')))
      const first = p.workers()[0]!
      await first.terminate()
      const h = home()
      const saved = await p.run(job(h, await picture('png')))
      expect(existsSync(join(h, saved.written.path))).toBe(true)
      expect(p.workers()).toHaveLength(1)
      expect(p.workers()[0]).not.toBe(first)
    } finally {
      await p.close()
    }
  })

  it('when no worker can start, the host does the work (same result) and says so once', async () => {
    const broken = (): Worker => new Worker(`throw new Error('sharp could not be loaded')`, { eval: true })
    const p = new ImageWorkPool({ size: 2, spawn: broken })
    const w = warnings()
    try {
      const h = home()
      const [a, b] = await Promise.all([
        p.run(job(h, await picture('png'), 'c1'), { log: w.log }),
        p.run(job(h, await picture('jpeg'), 'c2'), { log: w.log }),
      ])
      expect(existsSync(join(h, a.written.path))).toBe(true)
      expect(existsSync(join(h, b.written.path))).toBe(true)
      expect(p.onWorkers).toBe(false)
      expect(w.seen.filter((m) => m === 'image work runs on the host thread')).toHaveLength(1)
    } finally {
      await p.close()
    }
  })
})
