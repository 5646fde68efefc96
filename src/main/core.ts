import { randomUUID } from 'node:crypto'
import { existsSync, realpathSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { DEFAULT_BASE_URL, EXPECTED_INFERENCE_SECONDS } from '@shared/catalog'
import type { Settings } from '@shared/contracts'
import { etaSeconds, type ThroughputInput } from '@shared/domain/matrix'
import type { Matrix } from '@shared/domain'
import { redactSecrets, registerSecret } from '@shared/errors'
import { startSimulator, type SimulatorHandle } from '../simulator'
import { createSegmindClient, normalizeBaseUrl } from './cloud/client'
import type { SegmindApi } from './cloud/types'
import type { Core, CoreOptions } from './core-types'
import {
  discardUnfinishedCreations,
  findByFingerprint,
  findUnfinishedByFingerprint,
  getBatch,
  type BatchRow,
} from './db/batches'
import { getCell } from './db/cells'
import { getImage, imageOfCell } from './db/images'
import { applySettingsPatch, loadSettings, saveSettings } from './db/settings'
import { CoreEventHub } from './events'
import { createHandlers } from './handlers'
import { absPath } from './library/files'
import { openLibrary } from './library/library-folder'
import { ThumbMaker } from './library/thumbnails'
import { createLogger, fileSink, logFolder, loggerSink } from './log'
import { LatencyModel } from './scheduler/latency'
import { jobOnLoopback } from './scheduler/recovery'
import { Scheduler } from './scheduler/runner'
import { batchSummary, cellView } from './views'

export type { Core, CoreOptions } from './core-types'

const DEMO_KEY = 'SG_0000000000000000'

/**
 * Wires the core: library folder, database, Segmind client (or the in-process simulator in demo mode),
 * scheduler, events and the handler for every contract. Hosts get a Core and hold no logic of their own.
 */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const home = resolve(opts.home)
  let apiKey = opts.apiKey?.trim() ?? ''
  let baseUrl = opts.baseUrl ?? DEFAULT_BASE_URL
  // A base URL that would carry the key in clear text (or is no URL) is a setting to fix: every host says so
  // in one sentence, before anything is opened.
  if (apiKey) normalizeBaseUrl(baseUrl)
  // Then the folder, so that an unusable one fails with a readable sentence before anything is started.
  const db = openLibrary(home)
  const now = opts.now ?? Date.now

  let simulator: SimulatorHandle | null = null
  let timeScale = opts.timeScale ?? 1
  if (!apiKey) {
    try {
      simulator = await startSimulator({
        timeScale: Number(process.env.SOUL_BATCH_DEMO_TIME_SCALE ?? 0.1),
        imageScale: Number(process.env.SOUL_BATCH_DEMO_IMAGE_SCALE ?? 0.5),
        ...opts.demo,
      })
    } catch (e) {
      db.close()
      throw e
    }
    apiKey = simulator.settings.apiKeys[0] ?? DEMO_KEY
    baseUrl = simulator.url
    timeScale = opts.timeScale ?? simulator.settings.timeScale
  }
  // Every message of this process is scrubbed of the key by value, even one built where the key is not at hand.
  registerSecret(apiKey)
  const logDir = opts.logDir ?? logFolder(home)
  const log = createLogger(opts.log ? loggerSink(opts.log) : fileSink(logDir), {
    secrets: [apiKey],
    level: opts.log || process.env.SOUL_BATCH_DEBUG ? 'debug' : 'info',
  })

  const stored = { current: loadSettings(db) }
  let overrides: Partial<Settings> = { ...opts.settings }
  const settings = (): Settings => ({ ...stored.current, ...overrides })

  let scheduler: Scheduler | null = null
  let client: SegmindApi
  try {
    client = createSegmindClient({
      apiKey,
      baseUrl,
      // Against a time-scaled simulator a hung request should not hold a cell for real-world 30 s.
      ...(timeScale < 1 ? { timeoutMs: Math.max(5000, Math.round(30_000 * timeScale)) } : {}),
      onRequest: (e) => {
        scheduler?.requests.count(e.endpoint)
        opts.onRequest?.(e)
      },
    })
  } catch (e) {
    db.close()
    await simulator?.stop()
    throw e
  }

  const throughput = (matrix?: Matrix): ThroughputInput => {
    const s = settings()
    const p = matrix ? { size: matrix.width_and_height, quality: matrix.quality } : null
    const est = scheduler?.latency.estimate(p ? LatencyModel.key(p.size, p.quality) : '')
    const jobMs = est ? est.quantile(0.5) : EXPECTED_INFERENCE_SECONDS * 1000 * timeScale
    return {
      // The budget's rpm is per rate window, which is a scaled minute against a time-scaled simulator.
      rpm: (scheduler?.budget.effectiveRpm ?? s.rpm) / timeScale,
      concurrency: s.concurrency,
      getsCountTowardRpm: s.getsCountTowardRpm,
      mode: s.mode,
      jobSeconds: jobMs / 1000,
    }
  }
  const eta = (batch: BatchRow, remaining: number): number | null => {
    if (batch.status === 'done' || batch.status === 'cancelled' || remaining === 0) return 0
    if (batch.status === 'paused' || scheduler?.reason) return null
    return etaSeconds(remaining, scheduler?.observedRate(batch.id) ?? null, throughput(batch.matrix))
  }

  const events = new CoreEventHub(
    {
      cell: (id) => {
        const c = getCell(db, id)
        return c ? cellView(c, imageOfCell(db, id)) : undefined
      },
      batch: (id) => {
        const b = getBatch(db, id)
        return b ? batchSummary(db, b, eta) : undefined
      },
      queue: () => scheduler!.status(),
    },
    200,
    (e) => log.warn('event listener threw', { error: String(e) }),
  )

  // The whole-library scan runs after the queue has started (recovery adopts in-flight files first); close stops it.
  const scanAbort = new AbortController()
  let scanning: Promise<void> = Promise.resolve()
  const thumbs = new ThumbMaker(db, home)

  const sched = new Scheduler({
    db,
    home,
    client,
    log: log.child('scheduler'),
    now,
    random: Math.random,
    newId: randomUUID,
    settings,
    timeScale,
    apiHost: new URL(baseUrl).host,
    // The demo simulator keeps jobs in memory and is new each run: jobs sent to an earlier one are gone.
    ...(simulator !== null ? { jobGone: jobOnLoopback } : {}),
    ...(opts.pollAggressiveness !== undefined ? { pollAggressiveness: opts.pollAggressiveness } : {}),
    ...(opts.minFreeBytes !== undefined ? { minFreeBytes: opts.minFreeBytes } : {}),
    backgroundScan: (scan) => {
      if (scanAbort.signal.aborted) return
      scanning = scan(scanAbort.signal).catch((e: unknown) => log.error('library scan failed', { error: String(e) }))
    },
    onCellChange: (c) => events.cellChanged(c.id, c.batchId),
    onQueueChange: () => events.queueChanged(),
  })
  scheduler = sched

  const handlers = createHandlers({
    db,
    home,
    client,
    scheduler: sched,
    events,
    now,
    random: Math.random,
    demoMode: simulator !== null,
    apiHost: new URL(baseUrl).host,
    settings,
    updateSettings: (patch) => {
      stored.current = applySettingsPatch(stored.current, patch)
      saveSettings(db, stored.current)
      // The user's newest word wins over this run's overrides for the fields they just set.
      overrides = Object.fromEntries(Object.entries(overrides).filter(([k]) => !(k in patch)))
      return settings()
    },
    throughput,
    eta,
    logDir,
    library: { log: log.child('library'), revealFile: opts.revealFile },
  })

  const realHome = realpathSync(home)
  let closing: Promise<void> | null = null
  const core: Core = {
    home,
    logDir,
    log,
    demoMode: simulator !== null,
    apiHost: new URL(baseUrl).host,
    handlers,
    onEvent: (listener) => events.on(listener),
    redact: (text) => redactSecrets(text, [apiKey]),
    imagePath(imageId, variant) {
      const img = getImage(db, imageId)
      const rel = img ? (variant === 'thumb' ? img.thumbPath : img.path) : null
      if (!rel) return null
      const abs = absPath(home, rel)
      if (!existsSync(abs)) return null
      const real = realpathSync(abs)
      return real.startsWith(realHome + sep) ? real : null
    },
    ensureThumb: (imageId) => thumbs.ensure(imageId, (rel) => existsSync(absPath(home, rel))),
    async whenScanned() {
      await sched.waitForRecovery()
      await scanning
    },
    findUnfinishedBatch: (fingerprint) => findUnfinishedByFingerprint(db, fingerprint),
    findFinishedBatch: (fingerprint) => findByFingerprint(db, fingerprint, ['done']),
    // Once the lock is ours: a batch a crash left half-written (`creating`) is removed before anything runs.
    start: () => {
      sched.start()
      discardUnfinishedCreations(db)
    },
    waitForIdle: () => sched.waitForIdle(),
    close() {
      closing ??= (async () => {
        scanAbort.abort()
        await scanning
        await sched.stop()
        events.close()
        await client.close()
        db.close()
        await simulator?.stop()
      })()
      return closing
    },
  }
  log.info('core opened', { home, apiHost: core.apiHost, demoMode: core.demoMode, timeScale })
  if (opts.autoStart !== false) {
    // Starting takes the library's lock; when another Soul Batch holds it, nothing of this core stays open.
    try {
      core.start()
    } catch (e) {
      await core.close()
      throw e
    }
  }
  return core
}
