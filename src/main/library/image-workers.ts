import { access } from 'node:fs'
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { AppError } from '@shared/errors'
import { imageWorkNice, lowerThreadsNamed } from '../background-thread'
import { spawnProjectWorker } from '../worker-thread'
import { imageWorkOutcome, runImageJob, type ImageJob, type ImageWorkAnswer, type SavedImage } from './image-work'
import type { ImageWorkReply, ImageWorkRequest } from './image-work-worker'

/**
 * A small pool of worker threads that does the image work of saved cells (image-work.ts), so that none of it (the
 * sha256, sharp's JavaScript side, the metadata embed, the file writes' callbacks, the allocations) runs on the
 * host's event loop. The downloaded bytes move to the worker (their buffer is transferred, not copied).
 *
 * Workers start on the first job and are unref'd while idle, so an idle pool never keeps a process alive. A worker
 * that crashes is replaced (a few times); its jobs whose bytes were transferred fail with a retryable error (the
 * image is downloaded again), jobs that kept their bytes (a sync answer: it cannot be fetched again) are redone
 * on the host. When no worker can start at all, the host does the work itself, as before, and says so once.
 */
export interface PoolLog {
  warn(msg: string, data?: Record<string, unknown>): void
}

export interface RunOptions {
  /** Copy the bytes instead of transferring them, so the job can be redone here if its worker dies. */
  keepBytes?: boolean
  log?: PoolLog
}

export interface PoolOptions {
  size: number
  /**
   * Jobs handed to one worker at a time: they overlap on libvips' threads and the disk (each waits on fsyncs), so
   * too few starve throughput (4 halved images per second in the image-work bench); more wait here.
   */
  perWorker?: number
  /** Replacements after crashes before the pool gives the work back to the host. */
  maxRestarts?: number
  spawn?: () => Worker
}

interface Pending {
  job: ImageJob
  keep: boolean
  log: PoolLog | undefined
  resolve(saved: SavedImage): void
  reject(e: unknown): void
}

interface Slot {
  worker: Worker
  ready: boolean
  inFlight: Map<number, Pending>
  error?: string
}

/**
 * sharp runs each image's decode, resize and encode on libuv's thread pool, and libvips' threads, started from
 * there, take that thread's priority: most of a saved image's CPU. At the host's priority that work crowded the
 * host's thread on a 2-core machine (at 10 000 near-instant cells, event-loop delay p99 43 ms and max 62-81 ms);
 * at the workers' priority the host goes first (p99 35 ms, max 47-65), at the same cells per second. The pool's
 * other work (file calls, the WAL fsync before a POST) is short and mostly waits on the disk. libuv starts all of
 * its threads at the first call that needs one, so a cheap call first makes sure they exist to be lowered.
 */
function lowerThreadPool(): void {
  access(process.execPath, () => {})
  lowerThreadsNamed('libuv-worker', imageWorkNice())
  // libvips' threads that the host's own sharp calls (a thumbnail remade for the gallery) started before this.
  lowerThreadsNamed('libvips', imageWorkNice())
}

/**
 * One worker per core, at most 2: libvips already spreads each decode over the thread pool. The workers run at a
 * lower priority than the host's thread (background-thread.ts), so they take every core the host leaves idle
 * without taking it from the host. (With one worker on a 2-core machine, the worker alone was the limit: 1 000
 * near-instant cells waited ~0.6 s each for their image to be saved, at ~110 cells/s.)
 */
export function defaultPoolSize(): number {
  const asked = Number(process.env['SOUL_BATCH_IMAGE_WORKERS'])
  if (Number.isInteger(asked) && asked >= 1 && asked <= 8) return asked
  return Math.min(2, Math.max(1, availableParallelism()))
}

export class ImageWorkPool {
  private readonly slots: Slot[] = []
  private readonly waiting: Pending[] = []
  private nextId = 1
  private restarts = 0
  private started = false
  private closed = false
  /** Why the host does the work itself (no worker could start); null while the pool works. */
  private hostReason: string | null = null
  private readonly perWorker: number
  private readonly maxRestarts: number

  constructor(private readonly opts: PoolOptions) {
    this.perWorker = opts.perWorker ?? 16
    this.maxRestarts = opts.maxRestarts ?? 5
  }

  /** Checks and saves one downloaded image: what checkImage + writeImageFiles give, or the same errors. */
  run(job: ImageJob, how: RunOptions = {}): Promise<SavedImage> {
    if (this.hostReason !== null || this.closed) return runHere(job)
    if (!this.started) this.start()
    return new Promise<SavedImage>((resolve, reject) => {
      this.waiting.push({ job, keep: how.keepBytes === true, log: how.log, resolve, reject })
      this.pump()
    })
  }

  /** Whether jobs run on worker threads (false once the pool fell back to the host). */
  get onWorkers(): boolean {
    return this.hostReason === null
  }

  /** The live workers (diagnostics and tests). */
  workers(): Worker[] {
    return this.slots.map((s) => s.worker)
  }

  /** Ends the workers; nothing is left waiting: queued jobs run here, jobs in a worker end as if it had crashed. */
  async close(): Promise<void> {
    this.closed = true
    const slots = this.slots.splice(0)
    for (const p of this.waiting.splice(0)) void runHere(p.job).then(p.resolve, p.reject)
    for (const s of slots) orphan([...s.inFlight.values()])
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  private start(): void {
    this.started = true
    lowerThreadPool()
    for (let i = 0; i < this.opts.size; i++) this.addSlot()
  }

  private addSlot(): void {
    let worker: Worker
    try {
      worker = (this.opts.spawn ?? spawnImageWorker)()
    } catch (e) {
      this.toHost(`a worker could not start: ${e instanceof Error ? e.message : String(e)}`)
      return
    }
    const slot: Slot = { worker, ready: false, inFlight: new Map() }
    this.slots.push(slot)
    worker.on('message', (m: ImageWorkReply) => this.heard(slot, m))
    worker.on('error', (e) => (slot.error = e.message))
    worker.on('exit', (code) => this.lost(slot, slot.error ?? `exit code ${code}`))
  }

  private heard(slot: Slot, m: ImageWorkReply): void {
    if (m === 'ready') {
      slot.ready = true
      if (slot.inFlight.size === 0) slot.worker.unref()
      this.pump()
      return
    }
    const p = slot.inFlight.get(m.id)
    if (!p) return
    slot.inFlight.delete(m.id)
    if (slot.inFlight.size === 0) slot.worker.unref()
    if (!m.answer.ok && 'fault' in m.answer && m.answer.bytes) p.job.bytes = m.answer.bytes
    settle(p, m.answer)
    this.pump()
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      let best: Slot | undefined
      for (const s of this.slots) {
        if (s.ready && s.inFlight.size < this.perWorker && (!best || s.inFlight.size < best.inFlight.size)) best = s
      }
      if (!best) return
      this.send(best, this.waiting.shift()!)
    }
  }

  private send(slot: Slot, p: Pending): void {
    const id = this.nextId++
    const src = p.job.bytes
    // Only a buffer the bytes fill alone may be moved; a view into a larger (or pooled) one is copied first.
    const own = src.byteOffset === 0 && src.byteLength === src.buffer.byteLength && src.buffer instanceof ArrayBuffer
    const bytes = p.keep || !own ? new Uint8Array(src) : src
    const msg: ImageWorkRequest = { id, job: { ...p.job, bytes } }
    slot.inFlight.set(id, p)
    if (slot.inFlight.size === 1) slot.worker.ref()
    try {
      slot.worker.postMessage(msg, [bytes.buffer as ArrayBuffer])
    } catch {
      // A buffer Node marked untransferable: send a copy.
      msg.job.bytes = new Uint8Array(bytes)
      slot.worker.postMessage(msg, [msg.job.bytes.buffer as ArrayBuffer])
    }
  }

  /** A worker ended: before it was ready (it cannot start: the host takes over) or after (a crash: replace it). */
  private lost(slot: Slot, why: string): void {
    const at = this.slots.indexOf(slot)
    if (at < 0) return // closed
    this.slots.splice(at, 1)
    const orphans = [...slot.inFlight.values()]
    slot.inFlight.clear()
    const log = orphans[0]?.log ?? this.waiting[0]?.log
    if (!slot.ready) {
      this.toHost(`a worker could not start (${why})`, log)
    } else if (this.restarts < this.maxRestarts && !this.closed) {
      this.restarts++
      log?.warn('an image worker stopped; starting another', { error: why })
      this.addSlot()
    } else {
      this.toHost(`image workers kept stopping (${why})`, log)
    }
    orphan(orphans)
    this.pump()
  }

  /** No worker can do the work: every job from now on runs on the host, waiting ones included. */
  private toHost(why: string, log?: PoolLog): void {
    if (this.hostReason !== null) return
    this.hostReason = why
    log?.warn('image work runs on the host thread', { reason: why })
    if (!log) console.warn(`[image-work] image work runs on the host thread: ${why}`)
    for (const p of this.waiting.splice(0)) void runHere(p.job).then(p.resolve, p.reject)
  }
}

/** Jobs whose worker is gone: redone here when they kept their bytes, else failed retryably (downloaded again). */
function orphan(jobs: Pending[]): void {
  for (const p of jobs) {
    if (p.keep) void runHere(p.job).then(p.resolve, p.reject)
    else p.reject(workerStopped())
  }
}

function settle(p: Pending, answer: ImageWorkAnswer): void {
  try {
    p.resolve(imageWorkOutcome(answer))
  } catch (e) {
    p.reject(e)
  }
}

async function runHere(job: ImageJob): Promise<SavedImage> {
  return imageWorkOutcome(await runImageJob(job))
}

function workerStopped(): AppError {
  return new AppError({
    kind: 'io',
    message: 'The image could not be saved because the thread saving it stopped; it is downloaded again.',
    retryable: true,
  })
}

export function spawnImageWorker(): Worker {
  return spawnProjectWorker('image-work-worker', import.meta.url, { nice: imageWorkNice() })
}

let shared: ImageWorkPool | null = null

/** The process's pool (one per process: every open library shares it; jobs say where to write). */
export function imageWork(): ImageWorkPool {
  shared ??= new ImageWorkPool({ size: defaultPoolSize() })
  return shared
}
