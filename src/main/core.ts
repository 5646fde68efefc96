import { randomUUID } from 'node:crypto'
import { existsSync, realpathSync, statSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { EXPECTED_INFERENCE_SECONDS } from '@shared/catalog'
import type { Settings } from '@shared/contracts'
import { etaSeconds, type ThroughputInput } from '@shared/domain/matrix'
import type { Matrix } from '@shared/domain'
import { redactSecrets, registerSecret } from '@shared/errors'
import { createApiKeyHandlers } from './api-key'
import { createDemoHandlers, restoreDemoFaults, type DemoFaultsStore } from './demo-faults'
import { checkLiveBaseUrl, connect, type ConnectOptions, type Connection, type LiveKey } from './connection'
import type { Core, CoreOptions } from './core-types'
import {
  discardUnfinishedCreations,
  findByFingerprint,
  findUnfinishedByFingerprint,
  getBatch,
  type BatchRow,
} from './db/batches'
import { getCell, type CellRow } from './db/cells'
import { Checkpointer } from './db/checkpointer'
import { getImage, imageOfCell } from './db/images'
import { itemsByIds, libraryMembership } from './db/library'
import { applySettingsPatch, getMeta, loadSettings, saveSettings, setMeta } from './db/settings'
import { CoreEventHub } from './events'
import { createHandlers } from './handlers'
import { fullSyncPerCall } from './db/full-sync-calls'
import { absPath } from './library/files'
import { openLibrary } from './library/library-folder'
import { createFileKeyStore, keyFilePath } from './key-store'
import { ThumbMaker } from './library/thumbnails'
import { createLogger, fileSink, logFolder, loggerSink } from './log'
import { LatencyModel } from './scheduler/latency'
import { jobOnLoopback } from './scheduler/recovery'
import { Scheduler } from './scheduler/runner'
import { batchSummary, cellView } from './views'

export type { Core, CoreOptions } from './core-types'

/** Whether a cell's job lived on `host` (the demo simulator a key switch just retired). */
function jobOnHost(cell: Pick<CellRow, 'statusUrl' | 'responseUrl' | 'outputUrl'>, host: string): boolean {
  return [cell.statusUrl, cell.responseUrl, cell.outputUrl].some(
    (raw) => raw !== null && URL.canParse(raw) && new URL(raw).host === host,
  )
}

/** The background scan starts this long after the queue (CoreOptions.scanDelayMs). */
const SCAN_DELAY_MS = 2000

/** Resolves after `ms`, or at once when the core closes; never holds the process open. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (ms <= 0 || signal.aborted) return done()
    const timer = setTimeout(done, ms)
    timer.unref()
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true })
  })
}

/**
 * Wires the core: library folder, database, Segmind client (or the in-process simulator in demo mode),
 * scheduler, events and the handler for every contract. Hosts get a Core and hold no logic of their own.
 */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const home = resolve(opts.home)
  const envKey = opts.apiKey?.trim() ?? ''
  // A base URL that would carry the key in clear text (or is no URL) is a setting to fix: every host says so
  // in one sentence, before anything is opened.
  if (envKey) checkLiveBaseUrl(opts.baseUrl)
  // Then the folder, so that an unusable one fails with a readable sentence before anything is started.
  const db = openLibrary(home)
  const now = opts.now ?? Date.now
  const keyStore = opts.keyStore ?? createFileKeyStore(keyFilePath(home))
  let storeProblem: string | null = null
  const loadStored = (): string | null => {
    try {
      return keyStore.load()
    } catch (e) {
      // A keychain that cannot be read (locked, or no OS support) must not stop the app: demo mode instead.
      storeProblem = e instanceof Error ? e.message : String(e)
      return null
    }
  }
  const storedKey = envKey ? null : loadStored()
  const initialKey: LiveKey | null = envKey
    ? { value: envKey, source: 'env' }
    : storedKey
      ? { value: storedKey, source: 'stored' }
      : null

  const connectOpts: ConnectOptions = {
    ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.timeScale !== undefined ? { timeScale: opts.timeScale } : {}),
    ...(opts.demo !== undefined ? { demo: opts.demo } : {}),
    onRequest: (e) => {
      scheduler?.requests.count(e.endpoint)
      opts.onRequest?.(e)
    },
  }
  let conn: Connection
  try {
    conn = await connect(initialKey, connectOpts)
  } catch (e) {
    db.close()
    throw e
  }
  // Settings > Advanced's rehearsed faults, kept in the library so they survive a restart (demo mode only).
  const demoFaults: DemoFaultsStore = {
    load: () => getMeta(db, 'demoFaults'),
    save: (v) => setMeta(db, 'demoFaults', v),
  }
  restoreDemoFaults(conn.simulator, demoFaults, opts.demo?.faults)
  /** Every key this core has held or been shown: scrubbed from its log and from what hosts send the UI. */
  const secrets: string[] = [conn.apiKey]
  // Every message of this process is scrubbed of the key by value, even one built where the key is not at hand.
  registerSecret(conn.apiKey)
  const logDir = opts.logDir ?? logFolder(home)
  const log = createLogger(opts.log ? loggerSink(opts.log) : fileSink(logDir), {
    secrets,
    level: opts.log || process.env.SOUL_BATCH_DEBUG ? 'debug' : 'info',
  })
  if (storeProblem) log.warn('saved API key unreadable', { problem: storeProblem })

  const stored = { current: loadSettings(db) }
  let overrides: Partial<Settings> = { ...opts.settings }
  const settings = (): Settings => ({ ...stored.current, ...overrides })

  let scheduler: Scheduler | null = null

  const throughput = (matrix?: Matrix): ThroughputInput => {
    const s = settings()
    const p = matrix ? { size: matrix.width_and_height, quality: matrix.quality } : null
    const est = scheduler?.latency.estimate(p ? LatencyModel.key(p.size, p.quality) : '')
    const jobMs = est ? est.quantile(0.5) : EXPECTED_INFERENCE_SECONDS * 1000 * conn.timeScale
    return {
      // The budget's rpm is per rate window, which is a scaled minute against a time-scaled simulator.
      rpm: (scheduler?.budget.effectiveRpm ?? s.rpm) / conn.timeScale,
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
      libraryStamp: () => libraryMembership(db),
      libraryItems: (ids) => itemsByIds(db, ids),
    },
    200,
    (e) => log.warn('event listener threw', { error: String(e) }),
  )

  // The whole-library scan runs once, after the first queue has started (recovery adopts in-flight files first);
  // close stops it.
  const scanAbort = new AbortController()
  let scanning: Promise<void> = Promise.resolve()
  let scanStarted = false
  const thumbs = new ThumbMaker(db, home)

  const makeScheduler = (c: Connection, jobGone?: (cell: CellRow) => boolean): Scheduler =>
    new Scheduler({
      db,
      home,
      client: c.client,
      log: log.child('scheduler'),
      now,
      random: Math.random,
      newId: randomUUID,
      settings,
      timeScale: c.timeScale,
      apiHost: c.apiHost,
      // The demo simulator keeps jobs in memory and is new each run: jobs sent to an earlier one are gone.
      ...(jobGone ? { jobGone } : c.simulator !== null ? { jobGone: jobOnLoopback } : {}),
      ...(opts.pollAggressiveness !== undefined ? { pollAggressiveness: opts.pollAggressiveness } : {}),
      ...(opts.minFreeBytes !== undefined ? { minFreeBytes: opts.minFreeBytes } : {}),
      backgroundScan: (scan) => {
        if (scanAbort.signal.aborted || scanStarted) return
        scanStarted = true
        scanning = pause(opts.scanDelayMs ?? SCAN_DELAY_MS, scanAbort.signal)
          .then(() => (scanAbort.signal.aborted ? undefined : scan(scanAbort.signal)))
          // Orphans it adopted, or anything else, reach open galleries (the stamp says whether anything moved).
          .then(() => events.libraryChanged())
          .catch((e: unknown) => log.error('library scan failed', { error: String(e) }))
      },
      onCellChange: (cell) => events.cellChanged(cell.id, cell.batchId),
      onQueueChange: () => events.queueChanged(),
      onBatchChange: (id) => events.batchChanged(id),
    })
  // WAL checkpoints run in a worker for as long as the core is open (db/checkpointer.ts).
  const checkpoints = Checkpointer.start(db, log.child('db'))
  let sched = makeScheduler(conn)
  scheduler = sched
  let started = false

  /**
   * A key saved or removed in Settings takes effect at once: the scheduler lets its requests land and stops, a
   * new one starts on the new connection (recovery first), and the old client and simulator close. Jobs that
   * lived only on the demo simulator are gone with it; a user's pause carries over.
   */
  let switching: Promise<void> = Promise.resolve()
  const switchTo = (key: LiveKey | null): Promise<void> => {
    const run = switching.then(async () => {
      if (key) checkLiveBaseUrl(opts.baseUrl)
      const fresh = await connect(key, connectOpts)
      restoreDemoFaults(fresh.simulator, demoFaults, opts.demo?.faults)
      const old = conn
      const wasPaused = sched.status().reason?.kind === 'user'
      await sched.stop()
      secrets.push(fresh.apiKey)
      registerSecret(fresh.apiKey)
      conn = fresh
      const oldSimHost = old.simulator ? new URL(old.simulator.url).host : null
      sched = makeScheduler(fresh, oldSimHost ? (cell) => jobOnHost(cell, oldSimHost) : undefined)
      scheduler = sched
      if (wasPaused) sched.pause()
      if (started) sched.start()
      await old.client.close()
      await old.simulator?.stop()
      log.info('API key switched', { source: fresh.source, apiHost: fresh.apiHost, demoMode: fresh.simulator !== null })
      events.queueChanged()
    })
    switching = run.catch(() => undefined)
    return run
  }

  const apiKeyHandlers = createApiKeyHandlers({
    store: keyStore,
    envKeySet: envKey !== '',
    baseUrl: opts.baseUrl,
    connection: () => conn,
    switchTo,
    remember: (key) => {
      if (!secrets.includes(key)) secrets.push(key)
      registerSecret(key)
    },
    loadStored,
  })

  const handlers = fullSyncPerCall(
    db,
    createHandlers({
      db,
      home,
      get client() {
        return conn.client
      },
      get scheduler() {
        return sched
      },
      events,
      now,
      random: Math.random,
      get demoMode() {
        return conn.simulator !== null
      },
      get apiHost() {
        return conn.apiHost
      },
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
      apiKeyHandlers: { ...apiKeyHandlers, ...createDemoHandlers(() => conn.simulator, demoFaults) },
    }),
  )

  const realHome = realpathSync(home)
  let closing: Promise<void> | null = null
  const core: Core = {
    home,
    logDir,
    log,
    get demoMode() {
      return conn.simulator !== null
    },
    get apiHost() {
      return conn.apiHost
    },
    handlers,
    onEvent: (listener) => events.on(listener),
    redact: (text) => redactSecrets(text, secrets),
    imagePath(imageId, variant) {
      const img = getImage(db, imageId)
      const rel = img ? (variant === 'thumb' ? img.thumbPath : img.path) : null
      if (!rel) return null
      const abs = absPath(home, rel)
      if (!existsSync(abs)) return null
      const real = realpathSync(abs)
      return real.startsWith(realHome + sep) ? real : null
    },
    // An empty thumbnail is remade like a missing one: thumbnails are written without an fsync (a cache), and a
    // power cut can leave a renamed but unwritten file (library/save-image.ts).
    ensureThumb: (imageId) =>
      thumbs.ensure(imageId, (rel) => (statSync(absPath(home, rel), { throwIfNoEntry: false })?.size ?? 0) > 0),
    async whenScanned() {
      await sched.waitForRecovery()
      await scanning
    },
    findUnfinishedBatch: (fingerprint) => findUnfinishedByFingerprint(db, fingerprint),
    findFinishedBatch: (fingerprint) => findByFingerprint(db, fingerprint, ['done']),
    // Once the lock is ours: a batch a crash left half-written (`creating`) is removed before anything runs.
    start: () => {
      sched.start()
      started = true
      discardUnfinishedCreations(db)
    },
    waitForIdle: () => sched.waitForIdle(),
    close() {
      closing ??= (async () => {
        scanAbort.abort()
        await scanning
        await switching
        await sched.stop()
        events.close()
        await conn.client.close()
        await checkpoints?.stop()
        db.close()
        await conn.simulator?.stop()
      })()
      return closing
    },
  }
  log.info('core opened', { home, apiHost: core.apiHost, demoMode: core.demoMode, timeScale: conn.timeScale })
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
