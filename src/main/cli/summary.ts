import type { PauseReason, RequestCounts } from '@shared/contracts'
import { isTerminal, type BatchDetail, type BatchStatus } from '@shared/domain'

/** The one JSON object a run prints on stdout: enough for a script to decide what to do next. */
export interface RunSummary {
  batchId: string
  name: string
  status: BatchStatus
  cells: number
  saved: number
  failed: { total: number; byKind: Record<string, number> }
  unknown: number
  cancelled: number
  expired: number
  /** Cells not finished yet (after Ctrl-C, or when the queue stopped on a key/credit problem). */
  remaining: number
  requests: RequestCounts
  spend: number
  home: string
  demoMode: boolean
  /** Why the queue stopped before the end, when it did. */
  stopped: PauseReason | null
}

export interface SummaryContext {
  requests: RequestCounts
  home: string
  demoMode: boolean
  stopped: PauseReason | null
}

export function summarize(detail: BatchDetail, ctx: SummaryContext): RunSummary {
  const byKind: Record<string, number> = {}
  let saved = 0
  let unknown = 0
  let cancelled = 0
  let expired = 0
  let failed = 0
  let remaining = 0
  for (const cell of detail.cells) {
    switch (cell.state) {
      case 'saved':
        saved++
        break
      case 'unknown':
        unknown++
        break
      case 'cancelled':
        cancelled++
        break
      case 'expired':
        expired++
        break
      case 'failed': {
        failed++
        const kind = cell.error?.kind ?? 'failed'
        byKind[kind] = (byKind[kind] ?? 0) + 1
        break
      }
      default:
        if (!isTerminal(cell.state)) remaining++
    }
  }
  return {
    batchId: detail.batch.id,
    name: detail.batch.name,
    status: detail.batch.status,
    cells: detail.cells.length,
    saved,
    failed: { total: failed, byKind },
    unknown,
    cancelled,
    expired,
    remaining,
    requests: ctx.requests,
    spend: Math.round(detail.batch.spend * 10_000) / 10_000,
    home: ctx.home,
    demoMode: ctx.demoMode,
    stopped: ctx.stopped,
  }
}

export const EXIT = { ok: 0, incomplete: 1, usage: 2, interrupted: 130, terminated: 143 } as const

/** 0 only when every cell of every batch was saved. */
export function exitCodeFor(summaries: readonly RunSummary[]): number {
  return summaries.every((s) => s.cells > 0 && s.saved === s.cells) ? EXIT.ok : EXIT.incomplete
}

/** Sentences for stderr that tell a person what the numbers mean and what to do. */
export function summaryAdvice(s: RunSummary): string[] {
  const out: string[] = []
  if (s.stopped) out.push(`the queue stopped: ${s.stopped.message}`)
  if (s.unknown > 0) {
    out.push(
      `${s.unknown} cell(s) are unknown: their submit was cut off, so Segmind may or may not have (billed) them. ` +
        `Run "soul-batch resume ${s.batchId} --resend-unknown" to send them again.`,
    )
  }
  if (s.failed.total > 0) {
    const kinds = Object.entries(s.failed.byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')
    out.push(`${s.failed.total} cell(s) failed (${kinds}); "soul-batch status ${s.batchId}" shows why.`)
  }
  const unwritten = s.failed.byKind.library ?? 0
  if (unwritten > 0) {
    out.push(
      `${unwritten} finished image(s) could not be written to the library folder; fix it, then run ` +
        '"soul-batch resume" to fetch them (no new submit, nothing billed again).',
    )
  }
  if (s.expired > 0) {
    out.push(
      `${s.expired} cell(s) expired or were lost by Segmind (results are kept for 1 hour after submit); ` +
        `"soul-batch status ${s.batchId}" shows why. Sending them again is billed again.`,
    )
  }
  return out
}
