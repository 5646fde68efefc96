import type { Settings } from '@shared/contracts'
import type { BatchSummary } from '@shared/domain'
import { redactSecrets } from '@shared/errors'
import { createCore } from '../core'
import type { Core } from '../core-types'
import type { CliEnv } from './env'
import { ProgressReporter } from './progress'
import { wholeBatch } from './batch-detail'
import { summarize, type RunSummary } from './summary'
import { everyBatch } from './every-batch'

/** Where the CLI writes: stdout carries only JSON, stderr carries everything said to a person. */
export interface CliIO {
  out(text: string): void
  err(line: string): void
  /** stderr without a line end, for the progress bar redrawn in place. */
  errRaw(text: string): void
  errIsTTY: boolean
  outIsTTY: boolean
  /** Secrets to scrub from anything we print (the API key). */
  secrets: readonly string[]
  /** Asks a person a yes/no question; absent when stdin or stderr is not a terminal. */
  ask?: (question: string) => Promise<boolean>
}

export function say(io: CliIO, line: string): void {
  io.err(redactSecrets(line, io.secrets))
}

/** `announce`: say so when demo mode answers (run/resume send work; status/list only read the library). */
export async function openCore(
  env: CliEnv,
  home: string,
  settings: Partial<Settings>,
  io: CliIO,
  announce = true,
): Promise<Core> {
  const core = await createCore({
    home,
    autoStart: false,
    settings,
    // No gallery waits for its first page here; the scan's tidying (stray temp files of a killed run) should not
    // wait the 2 s the app gives its first paint, or a short resume exits before it begins.
    scanDelayMs: 0,
    ...(env.apiKey ? { apiKey: env.apiKey } : {}),
    // Also without SEGMIND_API_KEY: a key saved from Settings goes to the same base URL.
    ...(env.baseUrl ? { baseUrl: env.baseUrl } : {}),
    ...(env.demo ? { demo: env.demo } : {}),
    ...(env.timeScale !== undefined ? { timeScale: env.timeScale } : {}),
  })
  if (core.demoMode && announce) {
    say(
      io,
      'demo mode: no API key (SEGMIND_API_KEY or one saved in Settings), so a local simulator answers (placeholder images, no cost)',
    )
  }
  return core
}

/**
 * Ctrl-C and SIGTERM while a batch runs: the first one asks for a clean pause, a second one quits at once
 * (SQLite transactions and write-then-rename files keep the library whole even then).
 */
export class Interrupts {
  signal: NodeJS.Signals | null = null
  readonly fired: Promise<NodeJS.Signals>
  private wake: (s: NodeJS.Signals) => void = () => undefined
  private readonly handler = (s: NodeJS.Signals): void => this.on(s)

  constructor(private readonly io: CliIO) {
    this.fired = new Promise((resolve) => (this.wake = resolve))
    process.on('SIGINT', this.handler)
    process.on('SIGTERM', this.handler)
  }

  dispose(): void {
    process.off('SIGINT', this.handler)
    process.off('SIGTERM', this.handler)
  }

  private on(s: NodeJS.Signals): void {
    if (this.signal) {
      say(this.io, 'stopping now; run the same command again to resume')
      process.exit(exitCodeForSignal(s))
    }
    this.signal = s
    this.wake(s)
  }
}

export function exitCodeForSignal(s: NodeJS.Signals): number {
  return s === 'SIGTERM' ? 143 : 130
}

export interface DriveOptions {
  quiet: boolean
  interrupts: Interrupts
}

/**
 * Runs the queue until nothing runnable is left (or a signal arrives) and returns each batch's summary.
 * Other unfinished batches in the same library run too: the queue is one, fair across batches.
 */
export async function drive(
  core: Core,
  batchIds: readonly string[],
  io: CliIO,
  opts: DriveOptions,
): Promise<RunSummary[]> {
  const ids = new Set(batchIds)
  const initial: BatchSummary[] = (await everyBatch(core)).filter((b) => ids.has(b.id))
  const progress = opts.quiet
    ? null
    : new ProgressReporter(initial, { out: { write: (s: string) => io.errRaw(s) }, tty: io.errIsTTY })
  // Why the queue waits or stopped, said once per change (an unreachable API that it retries on its own, a library
  // folder that refuses images): a person watching an unattended run must see it, quiet or not.
  let lastReason = ''
  const unsubscribe = core.onEvent((e) => {
    progress?.onEvent(e)
    if (e.type !== 'queue') return
    const reason = e.queue.reason
    const said = reason && reason.kind !== 'user' ? reason.message : ''
    const line =
      said !== '' && said !== lastReason
        ? said
        : said === '' && lastReason.startsWith('API unreachable')
          ? 'the API answers again; the queue goes on'
          : null
    lastReason = said
    if (line === null) return
    if (progress) progress.note(redactSecrets(line, io.secrets))
    else say(io, line)
  })
  try {
    core.start()
    await Promise.race([core.waitForIdle(), opts.interrupts.fired])
    // The core coalesces events, so the last ones may still be on their way: draw the final line from the source.
    if (progress) {
      for (const batch of await everyBatch(core)) if (ids.has(batch.id)) progress.onEvent({ type: 'batch', batch })
      progress.flush()
    }
    if (opts.interrupts.signal) {
      say(io, 'pausing: nothing new is sent; jobs already sent are collected by the next run')
      // Paused, so the desktop app shows what the user did; the next run of the same command resumes it.
      for (const batchId of batchIds) await core.handlers['batch.pause']({ batchId })
    }
    return await summaries(core, batchIds)
  } finally {
    unsubscribe()
  }
}

export async function summaries(core: Core, batchIds: readonly string[]): Promise<RunSummary[]> {
  const queue = await core.handlers['queue.status']({})
  const stopped = queue.reason && queue.reason.kind !== 'user' ? queue.reason : null
  const out: RunSummary[] = []
  for (const batchId of batchIds) {
    const detail = await wholeBatch(core, batchId)
    out.push(summarize(detail, { requests: queue.requests, home: core.home, demoMode: core.demoMode, stopped }))
  }
  return out
}
