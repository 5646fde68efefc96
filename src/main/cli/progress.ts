import type { CoreEvent } from '@shared/contracts'
import type { BatchSummary } from '@shared/domain'

/**
 * Progress on stderr. On a terminal: one bar redrawn in place, a few times a second at most. Elsewhere (CI logs,
 * a pipe): a plain line every few seconds, and only when something changed, so logs stay readable.
 */

export interface ProgressState {
  total: number
  saved: number
  failed: number
  unknown: number
  spend: number
  rpm: number | null
  etaSeconds: number | null
}

const BAR_WIDTH = 24

export function progressLine(p: ProgressState, withBar: boolean): string {
  const done = p.saved + p.failed + p.unknown
  const parts = [`${done}/${p.total} done`, `${p.saved} saved`]
  if (p.failed > 0) parts.push(`${p.failed} failed`)
  if (p.unknown > 0) parts.push(`${p.unknown} unknown`)
  parts.push(`$${p.spend.toFixed(2)}`)
  if (p.rpm !== null) parts.push(`${Math.round(p.rpm)} rpm`)
  if (p.etaSeconds !== null && done < p.total) parts.push(`ETA ${formatDuration(p.etaSeconds)}`)
  const text = parts.join(' · ')
  return withBar ? `${bar(done, p.total)} ${text}` : text
}

export function bar(done: number, total: number, width = BAR_WIDTH): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0
  const filled = Math.round(fraction * width)
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

/** One batch's share of the line; several batches (resume of all) add up. */
export type BatchProgress = Omit<ProgressState, 'rpm'>

export function fromBatch(b: BatchSummary): BatchProgress {
  return {
    total: b.total,
    saved: b.counts.saved ?? 0,
    failed: (b.counts.failed ?? 0) + (b.counts.expired ?? 0) + (b.counts.cancelled ?? 0),
    unknown: b.counts.unknown ?? 0,
    spend: b.spend,
    etaSeconds: b.etaSeconds,
  }
}

export function combine(parts: Iterable<BatchProgress>, rpm: number | null): ProgressState {
  const out: ProgressState = { total: 0, saved: 0, failed: 0, unknown: 0, spend: 0, rpm, etaSeconds: null }
  for (const p of parts) {
    out.total += p.total
    out.saved += p.saved
    out.failed += p.failed
    out.unknown += p.unknown
    out.spend += p.spend
    // Batches share one queue and finish together, so the slowest one's ETA is the run's.
    if (p.etaSeconds !== null) out.etaSeconds = Math.max(out.etaSeconds ?? 0, p.etaSeconds)
  }
  return out
}

export interface ProgressSink {
  write(text: string): unknown
}

export interface ProgressOptions {
  out: ProgressSink
  tty: boolean
  /** Terminal: redraw at most this often. Plain: one line at most this often. */
  ttyIntervalMs?: number
  plainIntervalMs?: number
  now?: () => number
}

export class ProgressReporter {
  private readonly batches = new Map<string, BatchProgress>()
  private rpm: number | null = null
  private lastDraw = 0
  private lastLine = ''
  private drawn = false
  private readonly now: () => number
  private readonly interval: number

  /** `initial`: the batches this run drives, as they are now; events of other batches only move the rpm. */
  constructor(
    initial: readonly BatchSummary[],
    private readonly opts: ProgressOptions,
  ) {
    for (const b of initial) this.batches.set(b.id, fromBatch(b))
    this.now = opts.now ?? Date.now
    this.interval = opts.tty ? (opts.ttyIntervalMs ?? 200) : (opts.plainIntervalMs ?? 5000)
  }

  get state(): ProgressState {
    return combine(this.batches.values(), this.rpm)
  }

  onEvent(e: CoreEvent): void {
    if (e.type === 'batch' && this.batches.has(e.batch.id)) this.batches.set(e.batch.id, fromBatch(e.batch))
    else if (e.type === 'queue') this.rpm = e.queue.effectiveRpm
    else return
    this.draw(false)
  }

  /** Draws now (for a timer tick or before the summary); the terminal line is ended so later text starts clean. */
  flush(): void {
    this.draw(true)
    if (this.opts.tty && this.drawn) this.opts.out.write('\n')
    this.drawn = false
  }

  /** Writes a whole line without tearing the bar. */
  note(line: string): void {
    if (this.opts.tty && this.drawn) this.opts.out.write('\r\x1b[2K')
    this.opts.out.write(`${line}\n`)
    this.drawn = false
    this.lastLine = ''
  }

  private draw(force: boolean): void {
    const t = this.now()
    if (!force && t - this.lastDraw < this.interval) return
    const line = progressLine(this.state, this.opts.tty)
    // The same words again add nothing, unless a terminal line was cleared since.
    if (line === this.lastLine && (!this.opts.tty || this.drawn)) return
    this.lastDraw = t
    this.lastLine = line
    if (this.opts.tty) {
      this.opts.out.write(`\r\x1b[2K${line}`)
      this.drawn = true
    } else this.opts.out.write(`${line}\n`)
  }
}
