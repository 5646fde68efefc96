import { randomUUID } from 'node:crypto'
import { SEED_MAX, SEED_MIN } from '@shared/catalog'
import { drawLatencySeconds, drawOutcome, type Random } from './faults'
import type { ImageFormat } from './image'
import type { SimulatorCounters, SimulatorSettings } from './settings'
import type { Timers } from './timers'
import type { GenerationRequest } from './validate'
import { submitKey } from './counters'

export type JobStatus = 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED'

export interface Job {
  id: string
  request: GenerationRequest
  /** The seed used: the request's, or one drawn for it (reported back as `seed` / x-seed-value). */
  seed: number
  status: JobStatus
  submittedAt: number
  /** Earliest time a worker may pick the job up (submit + queueSeconds). */
  readyAt: number
  startedAt?: number
  finishedAt?: number
  /** Set for 'fail_later' bodies: the job runs, then FAILS with this validation message. */
  invalidReason?: string
  error?: string
  contentBlocked?: boolean
  cost?: number
  remainingCredits?: number
  image: { id: string; format: ImageFormat }
}

export interface JobStoreDeps {
  settings: SimulatorSettings
  counters: SimulatorCounters
  random: () => Random
  timers: Timers
  now: () => number
  /** Called when a job COMPLETES, before anyone waiting on it is told (the image host registers it here). */
  onCompleted?: (job: Job) => void
}

/** Rounds money and seconds so bodies do not carry float noise like 999.7825000000001. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

/**
 * The job store and its workers: QUEUED until `queueSeconds` passed AND one of `workers` is free, then PROCESSING
 * for a drawn latency, then COMPLETED (billed) or FAILED (not billed). Records vanish `ttlSeconds` after submit.
 */
export class JobStore {
  private readonly jobs = new Map<string, Job>()
  private readonly waiting: Job[] = []
  private running = 0
  private readonly endWaiters = new Map<string, Array<() => void>>()
  private pumpAt: number | null = null

  constructor(private readonly deps: JobStoreDeps) {}

  private scaled(seconds: number): number {
    return seconds * this.deps.settings.timeScale * 1000
  }

  create(request: GenerationRequest, invalidReason?: string): Job {
    const { settings, counters } = this.deps
    const now = this.deps.now()
    const seed = request.seed ?? SEED_MIN + Math.floor(this.deps.random()() * (SEED_MAX - SEED_MIN + 1))
    const job: Job = {
      id: randomUUID(),
      request,
      seed,
      status: 'QUEUED',
      submittedAt: now,
      readyAt: now + this.scaled(settings.queueSeconds),
      image: { id: randomUUID().replace(/-/g, ''), format: settings.imageFormat },
    }
    if (invalidReason !== undefined) job.invalidReason = invalidReason
    if (this.jobs.size % 256 === 255) this.sweep(now)
    this.jobs.set(job.id, job)
    this.waiting.push(job)
    const key = submitKey(request.prompt, request.style_id, request.seed)
    counters.submitsByKey.set(key, (counters.submitsByKey.get(key) ?? 0) + 1)
    this.pump()
    return job
  }

  /** The live record, or undefined when unknown or past its retention. */
  get(id: string): Job | undefined {
    const job = this.jobs.get(id)
    if (!job) return undefined
    if (this.deps.now() >= job.submittedAt + this.scaled(this.deps.settings.ttlSeconds)) {
      // A job still running keeps its worker; only the record is forgotten, as on Segmind.
      this.jobs.delete(id)
      return undefined
    }
    return job
  }

  /** Drops expired records nobody asked about, so a long demo session does not grow without end. */
  private sweep(now: number): void {
    const ttl = this.scaled(this.deps.settings.ttlSeconds)
    for (const [id, job] of this.jobs) if (now >= job.submittedAt + ttl) this.jobs.delete(id)
  }

  /** Resolves once the job is COMPLETED or FAILED (for the sync v1 endpoint). */
  waitForEnd(job: Job): Promise<void> {
    if (job.status === 'COMPLETED' || job.status === 'FAILED') return Promise.resolve()
    return new Promise((resolve) => {
      const list = this.endWaiters.get(job.id) ?? []
      list.push(resolve)
      this.endWaiters.set(job.id, list)
    })
  }

  /** Starts every job that may start now, and arms one timer for the next that will become ready. */
  pump(): void {
    const now = this.deps.now()
    let nextReady = Number.POSITIVE_INFINITY
    for (let i = 0; i < this.waiting.length && this.running < this.deps.settings.workers;) {
      const job = this.waiting[i]
      if (!job) break
      if (job.readyAt <= now) {
        this.waiting.splice(i, 1)
        this.start(job, now)
      } else {
        nextReady = Math.min(nextReady, job.readyAt)
        i++
      }
    }
    if (
      this.running < this.deps.settings.workers &&
      Number.isFinite(nextReady) &&
      (this.pumpAt === null || nextReady < this.pumpAt)
    ) {
      this.pumpAt = nextReady
      this.deps.timers.later(() => {
        this.pumpAt = null
        this.pump()
      }, nextReady - now)
    }
  }

  /** Forgets pending work (after stop(), timers are gone, so nothing would move anyway). */
  clear(): void {
    this.jobs.clear()
    this.waiting.length = 0
    this.endWaiters.clear()
    this.running = 0
    this.pumpAt = null
  }

  private start(job: Job, now: number): void {
    const { settings } = this.deps
    this.running++
    job.status = 'PROCESSING'
    job.startedAt = now
    const seconds = drawLatencySeconds(this.deps.random(), settings.latencyMeanSeconds, settings.latencyJitterSeconds)
    this.deps.timers.later(() => this.finish(job), this.scaled(seconds))
  }

  private finish(job: Job): void {
    const { settings, counters } = this.deps
    const now = this.deps.now()
    job.finishedAt = now
    const outcome =
      job.invalidReason !== undefined
        ? { kind: 'failed' as const, reason: job.invalidReason, contentBlocked: false }
        : drawOutcome(this.deps.random(), settings.faults)
    if (outcome.kind === 'ok') {
      job.status = 'COMPLETED'
      // Billed at completion only; the balance may dip below zero if it ran low meanwhile, as with any post-paid run.
      settings.credits = round6(settings.credits - settings.costPerImage)
      job.cost = settings.costPerImage
      job.remainingCredits = settings.credits
      counters.completed++
      counters.completedAt.set(job.id, now)
      this.deps.onCompleted?.(job)
    } else {
      job.status = 'FAILED'
      job.error = outcome.reason
      job.contentBlocked = outcome.contentBlocked
      counters.failed++
    }
    this.running--
    const waiters = this.endWaiters.get(job.id) ?? []
    this.endWaiters.delete(job.id)
    for (const w of waiters) w()
    this.pump()
  }
}
