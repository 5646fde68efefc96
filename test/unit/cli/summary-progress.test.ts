import { describe, expect, it } from 'vitest'
import { DEFAULT_STYLE_ID } from '@shared/catalog'
import type { BatchDetail, BatchSummary, CellState, CellView } from '@shared/domain'
import { ProgressReporter, bar, formatDuration, progressLine, type ProgressState } from '../../../src/main/cli/progress'
import { exitCodeFor, summarize, summaryAdvice } from '../../../src/main/cli/summary'

function cell(i: number, state: CellState, errorKind?: string): CellView {
  return {
    id: `c${i}`,
    batchId: 'b1',
    promptIndex: i,
    styleId: DEFAULT_STYLE_ID,
    seedIndex: 0,
    params: { prompt: `p${i}`, enhance_prompt: false, style_id: DEFAULT_STYLE_ID, width_and_height: '1536x2048' },
    state,
    error: errorKind ? { kind: errorKind, message: 'x' } : null,
    attempts: 1,
    cost: null,
    updatedAt: 0,
    image: null,
  }
}

function detail(states: [CellState, string?][]): BatchDetail {
  return {
    batch: {
      id: 'b1',
      name: 'n',
      createdAt: 0,
      status: 'active',
      priority: 0,
      total: states.length,
      counts: {},
      spend: 0.43500001,
      etaSeconds: null,
    },
    matrix: {
      prompts: [{ prompt: 'p' }],
      styleIds: [DEFAULT_STYLE_ID],
      seeds: { mode: 'shared', count: 1 },
      width_and_height: '1536x2048',
      quality: '1080p',
      style_strength: 1,
      enhance_prompt: false,
    },
    cells: states.map(([s, k], i) => cell(i, s, k)),
  }
}

const ctx = { requests: { submit: 4, status: 9, result: 3, download: 3 }, home: '/h', demoMode: false, stopped: null }

describe('the run summary', () => {
  it('counts every cell state, failed cells by kind, and what is left', () => {
    const s = summarize(
      detail([
        ['saved'],
        ['saved'],
        ['failed', 'content_blocked'],
        ['failed', 'failed'],
        ['failed', 'content_blocked'],
        ['unknown'],
        ['expired'],
        ['cancelled'],
        ['queued'],
        ['pending'],
      ]),
      ctx,
    )
    expect(s).toMatchObject({
      batchId: 'b1',
      cells: 10,
      saved: 2,
      failed: { total: 3, byKind: { content_blocked: 2, failed: 1 } },
      unknown: 1,
      expired: 1,
      cancelled: 1,
      remaining: 2,
      spend: 0.435,
      requests: ctx.requests,
      home: '/h',
    })
    expect(exitCodeFor([s])).toBe(1)
    const advice = summaryAdvice(s).join('\n')
    expect(advice).toContain('soul-batch resume b1 --resend-unknown')
    expect(advice).toContain('3 cell(s) failed (2 content_blocked, 1 failed)')
  })

  it('images the library could not write point to resume (nothing billed again); expired cells say why', () => {
    const s = summarize(detail([['failed', 'library'], ['failed', 'library'], ['expired']]), ctx)
    const advice = summaryAdvice(s).join('\n')
    expect(advice).toContain('2 finished image(s) could not be written to the library folder')
    expect(advice).toContain('"soul-batch resume" to fetch them (no new submit')
    expect(advice).toContain('1 cell(s) expired or were lost by Segmind')
  })

  it('exits 0 only when every cell was saved', () => {
    expect(exitCodeFor([summarize(detail([['saved'], ['saved']]), ctx)])).toBe(0)
    expect(exitCodeFor([summarize(detail([['saved'], ['unknown']]), ctx)])).toBe(1)
    expect(exitCodeFor([summarize(detail([['saved'], ['saved']]), ctx), summarize(detail([['expired']]), ctx)])).toBe(1)
  })
})

function summaryOf(id: string, saved: number, total = 300): BatchSummary {
  return {
    id,
    name: 'n',
    createdAt: 0,
    status: 'active',
    priority: 0,
    total,
    counts: { saved },
    spend: saved * 0.2,
    etaSeconds: 10,
  }
}

describe('the progress line', () => {
  const p: ProgressState = { total: 300, saved: 120, failed: 2, unknown: 1, spend: 26.1, rpm: 48.4, etaSeconds: 200 }

  it('shows done/total, failures, spend, rpm and ETA', () => {
    expect(progressLine(p, false)).toBe('123/300 done · 120 saved · 2 failed · 1 unknown · $26.10 · 48 rpm · ETA 3m20s')
    expect(progressLine(p, true)).toMatch(/^\[#{10}-{14}\] 123\/300 done/)
  })

  it('formats bars and durations', () => {
    expect(bar(0, 0, 4)).toBe('[----]')
    expect(bar(5, 4, 4)).toBe('[####]')
    expect(formatDuration(59.4)).toBe('59s')
    expect(formatDuration(61)).toBe('1m01s')
    expect(formatDuration(3720)).toBe('1h02m')
  })

  it('writes a plain line only when the interval passed and something changed', () => {
    const written: string[] = []
    let t = 0
    const r = new ProgressReporter([summaryOf('b1', 0)], {
      out: { write: (s: string) => written.push(s) },
      tty: false,
      plainIntervalMs: 1000,
      now: () => t,
    })
    const batch = (saved: number) => ({ type: 'batch' as const, batch: summaryOf('b1', saved) })
    t = 1000
    r.onEvent(batch(1))
    r.onEvent(batch(2)) // within the interval: not written
    t = 2500
    r.onEvent({ ...batch(9), batch: { ...batch(9).batch, id: 'other' } }) // shows the held-back 2, not the other batch's 9
    t = 4000
    r.onEvent(batch(2)) // nothing changed: no line
    t = 6000
    r.onEvent(batch(3))
    expect(written.map((l) => l.split(' ')[0])).toEqual(['1/300', '2/300', '3/300'])
    expect(written.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true)
  })

  it('adds up several batches and takes rpm from queue events', () => {
    const r = new ProgressReporter([summaryOf('a', 2, 10), summaryOf('b', 3, 20)], {
      out: { write: () => true },
      tty: false,
    })
    r.onEvent({
      type: 'queue',
      queue: {
        paused: false,
        reason: null,
        inFlight: 0,
        pending: 0,
        rpm: 50,
        effectiveRpm: 40,
        concurrency: 4,
        rateLimitedUntil: null,
        requests: { submit: 0, status: 0, result: 0, download: 0 },
      },
    })
    r.onEvent({
      type: 'batch',
      batch: { ...summaryOf('b', 5, 20), counts: { saved: 5, failed: 1, expired: 1 }, etaSeconds: 30 },
    })
    expect(r.state).toEqual({ total: 30, saved: 7, failed: 2, unknown: 0, spend: 1.4, rpm: 40, etaSeconds: 30 })
  })

  it('redraws in place on a terminal and ends the line before a note', () => {
    const written: string[] = []
    const r = new ProgressReporter([summaryOf('b1', 3)], {
      out: { write: (s: string) => written.push(s) },
      tty: true,
      now: () => 0,
    })
    r.flush()
    r.note('hello')
    expect(written[0]).toMatch(/^\r\x1b\[2K\[/)
    expect(written.slice(1)).toEqual(['\n', 'hello\n'])
  })
})
