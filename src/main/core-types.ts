import type { CoreEvent, CoreHandlers, Settings } from '@shared/contracts'
import type { SimulatorSettingsInput } from '../simulator/settings'
import type { RequestObserver } from './cloud/types'
import type { KeyStore } from './key-store'

/**
 * The Electron-free core that all three hosts (Electron, browser mode, CLI) run. `createCore` in ./core.ts
 * returns one of these; hosts only translate transport, they hold no logic of their own.
 */
export interface CoreOptions {
  /** Library folder: soul-batch.db, images/, thumbs/. Defaults to SOUL_BATCH_HOME or the per-user data folder. */
  home: string
  /** SEGMIND_API_KEY. Absent: demo mode, an in-process simulator answers instead of Segmind. */
  apiKey?: string
  /** SEGMIND_BASE_URL, else https://api.segmind.com (ignored in demo mode). */
  baseUrl?: string
  /** Settings to apply on top of the stored ones for this run (the CLI's --rpm, --concurrency). */
  settings?: Partial<Settings>
  /** Demo-mode simulator settings (tests make it fast with timeScale and small images). */
  demo?: SimulatorSettingsInput
  /**
   * Whether to start the scheduler at once (default true; then createCore rejects when another Soul Batch holds
   * the library's lock). The CLI starts it after choosing its batch; `status`/`list` never start it.
   */
  autoStart?: boolean
  /** Called for every HTTP call to Segmind (benchmarks count requests with it). */
  onRequest?: RequestObserver
  /** Clock and timers, so tests and benchmarks can observe timing; default real time. */
  now?: () => number
  /**
   * Scales the scheduler's sense of time (expected job length, poll floor, backoff, the rate window) to a
   * time-scaled simulator; default 1, or the demo simulator's own timeScale in demo mode.
   */
  timeScale?: number
  /** Pins the polling knob: 0 = fewest requests per image, 1 = lowest detection lag; default derived from budget slack. */
  pollAggressiveness?: number
  /** No new submit wave starts with less free space on the library's disk (default 200 MB, library-faults.ts). */
  minFreeBytes?: number
  /**
   * How long the whole-library scan waits after the queue has started (default 2000 ms), so a window opening
   * with the core reads its first gallery page without the scan's file checks competing for the machine.
   */
  scanDelayMs?: number
  log?: Logger
  /** Where the core's JSON-lines log goes (Electron: the platform's log folder); default `<home>/logs`. */
  logDir?: string
  /** The desktop host's "show this file in its folder" (library.reveal); other hosts have none. */
  revealFile?: ((absPath: string) => void) | undefined
  /**
   * Where a key saved from Settings is kept: Electron passes the OS keychain (safeStorage); default a 0600 file
   * beside the library folder. SEGMIND_API_KEY (apiKey above) wins over it.
   */
  keyStore?: KeyStore
}

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

export interface Core {
  readonly home: string
  /** The folder of the core's rotated log (diagnostics read its last lines; Help › Open logs folder shows it). */
  readonly logDir: string
  /** The core's own scoped, key-scrubbing logger (hosts report uncaught errors through it). */
  readonly log: Logger
  /** Live: a key saved in Settings switches the core out of demo mode without a restart. */
  readonly demoMode: boolean
  /** The API host we talk to, for display (never the key). */
  readonly apiHost: string
  /** One function per contract in src/shared/contracts; inputs must already be validated by the host. */
  readonly handlers: CoreHandlers
  /** Subscribe to cell, batch and queue events; returns an unsubscribe function. */
  onEvent(listener: (e: CoreEvent) => void): () => void
  /**
   * Scrubs the API key (and anything shaped like one) from text, as the core's own log does. Hosts pass what they
   * send to the UI through it as a last line of defence, without ever holding the key themselves.
   */
  redact(text: string): string
  /**
   * Absolute path of an image file inside the library, or null when the id is unknown or the file is missing.
   * Hosts serve bytes from this path (app-image:// or the HTTP image route); bytes never cross IPC.
   */
  imagePath(imageId: string, variant: 'full' | 'thumb'): string | null
  /**
   * Makes the image's thumbnail if it has none (older libraries, a lost file), off the event loop. Hosts await it
   * before serving the `thumb` variant.
   */
  ensureThumb(imageId: string): Promise<void>
  /** Resolves when the start-up library scan (which runs in the background after start) has finished. */
  whenScanned(): Promise<void>
  /** An unfinished batch created from the same matrix (the CLI resumes instead of creating a twin). */
  findUnfinishedBatch(fingerprint: string): string | null
  /** The newest batch from the same matrix that ran to the end (an indexed look-up, whatever the library's size). */
  findFinishedBatch(fingerprint: string): string | null
  /**
   * Starts the scheduler (recovery first). Idempotent. Takes the library's lock: throws AppError kind 'io' when
   * another Soul Batch runs this library (a core that only reads, never started, needs no lock).
   */
  start(): void
  /** Resolves when nothing runnable is left: every cell terminal, or the queue paused by a problem. */
  waitForIdle(): Promise<void>
  /** Stops taking new work, lets nothing half-written remain, closes the database and the simulator. */
  close(): Promise<void>
}
