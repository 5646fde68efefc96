import { describe, expect, it } from 'vitest'
import { CELL_STATES, type CellState } from '@shared/domain'
import { transition, type CellEvent } from '../../../src/main/scheduler/transition'
import { cellIn } from './cell-fixture'

const err = { kind: 'server' as const, message: 'boom' }
const at = 5000
const EVENTS: Record<CellEvent['type'], CellEvent> = {
  submit: { type: 'submit', at },
  submitted: { type: 'submitted', at, requestId: 'r9', statusUrl: 's', responseUrl: 'r', nextCheckAt: 9000 },
  submit_not_created: { type: 'submit_not_created', at },
  submit_rejected: { type: 'submit_rejected', at, error: { kind: 'validation', message: 'bad' } },
  submit_unknown: { type: 'submit_unknown', at, error: err },
  status: { type: 'status', at, status: 'PROCESSING', nextCheckAt: 7000 },
  completed: { type: 'completed', at },
  result: { type: 'result', at, outputUrl: 'http://img', metrics: { cost: 0.2 } },
  job_failed: { type: 'job_failed', at, error: { kind: 'failed', message: 'nope' } },
  not_found: { type: 'not_found', at, error: { kind: 'expired', message: 'gone' } },
  get_failed: { type: 'get_failed', at, error: err, nextCheckAt: 6000, countsAsFailure: true },
  give_up: { type: 'give_up', at, error: err },
  saved: { type: 'saved', at, cost: 0.2 },
  adopted: { type: 'adopted', at, cost: 0.2 },
  sync_unusable: { type: 'sync_unusable', at, error: { kind: 'download', message: 'damaged' } },
  cancel: { type: 'cancel', at },
  recover: { type: 'recover', at },
  server_gone: { type: 'server_gone', at, error: { kind: 'expired', message: 'simulator restarted' } },
  retry: { type: 'retry', at },
}

/** The whole arrow table: event -> from-state -> to-state. Everything not listed must be refused. */
const ALLOWED: Record<CellEvent['type'], Partial<Record<CellState, CellState>>> = {
  submit: { pending: 'submitting' },
  submitted: { submitting: 'queued' },
  submit_not_created: { submitting: 'pending' },
  submit_rejected: { submitting: 'failed' },
  submit_unknown: { submitting: 'unknown' },
  status: { queued: 'processing', processing: 'processing' },
  completed: { queued: 'fetching', processing: 'fetching' },
  result: { fetching: 'fetching' },
  job_failed: { queued: 'failed', processing: 'failed', fetching: 'failed' },
  not_found: { queued: 'expired', processing: 'expired', fetching: 'expired' },
  get_failed: { queued: 'queued', processing: 'processing', fetching: 'fetching' },
  give_up: { queued: 'failed', processing: 'failed', fetching: 'failed' },
  saved: { fetching: 'saved', submitting: 'saved' },
  // a job's cell (it holds a request id) or a sync-mode cell (it holds none): see the tests below
  adopted: { queued: 'saved', processing: 'saved', fetching: 'saved', submitting: 'saved', unknown: 'saved' },
  sync_unusable: { submitting: 'failed' },
  // unknown: the user's bulk "drop" (issue 10) — they chose not to send it again.
  cancel: { pending: 'cancelled', queued: 'cancelled', processing: 'cancelled', unknown: 'cancelled' },
  recover: { submitting: 'unknown' },
  // failed and cancelled cells take it only while they still hold a job id (see the tests below)
  server_gone: { queued: 'expired', processing: 'expired', fetching: 'expired' },
  retry: { failed: 'pending', expired: 'pending', unknown: 'pending', cancelled: 'pending' },
}

describe('transition: the arrow table', () => {
  for (const [type, arrows] of Object.entries(ALLOWED) as [
    CellEvent['type'],
    Partial<Record<CellState, CellState>>,
  ][]) {
    for (const from of CELL_STATES) {
      const expected = arrows[from]
      it(`${from} --${type}--> ${expected ?? 'refused'}`, () => {
        const res = transition(cellIn(from), EVENTS[type])
        if (expected === undefined) {
          expect(res.ok).toBe(false)
          if (!res.ok) expect(res.reason).toContain(from)
        } else {
          expect(res.ok).toBe(true)
          if (res.ok) expect(res.changes.state ?? from).toBe(expected)
        }
      })
    }
  }
})

describe('transition: what each arrow records', () => {
  it('counts the POST when a cell goes to submitting, before any answer', () => {
    const res = transition(cellIn('pending', { submits: 2, attempts: 0 }), EVENTS.submit)
    expect(res).toEqual({
      ok: true,
      changes: expect.objectContaining({ state: 'submitting', submits: 3, attempts: 1 }),
    })
  })

  it('stores the request id and urls with the move to queued', () => {
    const res = transition(cellIn('submitting'), EVENTS.submitted)
    expect(res.ok && res.changes).toMatchObject({
      requestId: 'r9',
      statusUrl: 's',
      responseUrl: 'r',
      submittedAt: at,
      nextCheckAt: 9000,
    })
  })

  it('never goes back from processing to queued', () => {
    expect(transition(cellIn('processing'), { type: 'status', at, status: 'QUEUED', nextCheckAt: 1 }).ok).toBe(false)
    expect(transition(cellIn('queued'), { type: 'status', at, status: 'QUEUED', nextCheckAt: 1 })).toMatchObject({
      ok: true,
      changes: { state: 'queued' },
    })
  })

  it('keeps fetching a job whose image URL we hold even when the request record expired', () => {
    expect(transition(cellIn('fetching', { outputUrl: 'http://img' }), EVENTS.not_found).ok).toBe(false)
  })

  it('recover refuses a submitting row that already has its request id', () => {
    expect(transition(cellIn('submitting', { requestId: 'r1' }), EVENTS.recover).ok).toBe(false)
    expect(transition(cellIn('submitting', { requestId: 'r1' }), EVENTS.saved).ok).toBe(false)
  })

  it('a POST that created no job returns its cell to pending, or to cancelled when its batch was cancelled meanwhile', () => {
    expect(transition(cellIn('submitting'), EVENTS.submit_not_created)).toMatchObject({ changes: { state: 'pending' } })
    expect(transition(cellIn('submitting'), { type: 'submit_not_created', at, batchCancelled: true })).toMatchObject({
      ok: true,
      changes: { state: 'cancelled' },
    })
  })

  it('adopts an image found on disk only for a cell that could have made it', () => {
    expect(transition(cellIn('queued'), EVENTS.adopted)).toMatchObject({
      ok: true,
      changes: { state: 'saved', cost: 0.2, nextCheckAt: null, error: null },
    })
    expect(transition(cellIn('queued', { requestId: null }), EVENTS.adopted).ok).toBe(false)
    expect(transition(cellIn('submitting', { requestId: 'r1' }), EVENTS.adopted).ok).toBe(false)
    expect(transition(cellIn('unknown', { requestId: 'r1' }), EVENTS.adopted).ok).toBe(false)
    expect(transition(cellIn('fetching', { cost: 0.3 }), EVENTS.adopted)).toMatchObject({ changes: { cost: 0.3 } })
  })

  it('counts failures only when asked (a 429 is not the cell’s fault)', () => {
    const c = cellIn('queued', { failures: 2 })
    expect(transition(c, EVENTS.get_failed)).toMatchObject({ ok: true, changes: { failures: 3 } })
    expect(transition(c, { ...EVENTS.get_failed, countsAsFailure: false } as CellEvent)).toMatchObject({
      ok: true,
      changes: { failures: 2 },
    })
  })

  it('result records the output URL and cost, and saved keeps that cost', () => {
    const res = transition(cellIn('fetching'), EVENTS.result)
    expect(res.ok && res.changes).toMatchObject({ outputUrl: 'http://img', cost: 0.2 })
  })
})

describe('transition: retry never pays twice without being asked', () => {
  it('a job failure resubmits as a fresh job with the same seed', () => {
    const res = transition(cellIn('failed', { requestId: 'r1', error: { kind: 'failed', message: 'x' } }), EVENTS.retry)
    expect(res.ok && res.changes).toMatchObject({ state: 'pending', requestId: null, error: null, attempts: 2 })
    expect(res.ok && res.changes.params).toBeUndefined()
  })

  it('a new seed always means a new generation', () => {
    const res = transition(cellIn('failed', { error: { kind: 'content_blocked', message: 'x' } }), {
      type: 'retry',
      at,
      newSeed: 42,
    })
    expect(res.ok && res.changes).toMatchObject({
      state: 'pending',
      params: expect.objectContaining({ seed: 42, prompt: 'p' }),
    })
  })

  it('a cell whose polls gave up resumes polling its existing job', () => {
    const res = transition(cellIn('failed', { requestId: 'r1', error: { kind: 'server', message: 'x' } }), EVENTS.retry)
    expect(res.ok && res.changes).toMatchObject({ state: 'queued', failures: 0, nextCheckAt: at })
  })

  it('a give-up whose polls were answered with a 4xx still resumes its job (only failed/blocked jobs are over)', () => {
    const c = cellIn('failed', { requestId: 'r1', error: { kind: 'validation', message: 'Gave up after 10 tries' } })
    expect(transition(c, EVENTS.retry)).toMatchObject({ ok: true, changes: { state: 'queued' } })
  })

  it('a cell whose download gave up re-fetches from its URL', () => {
    const c = cellIn('failed', { requestId: 'r1', outputUrl: 'http://img', error: { kind: 'download', message: 'x' } })
    expect(transition(c, EVENTS.retry)).toMatchObject({ ok: true, changes: { state: 'fetching' } })
  })

  it('expired and unknown cells are submitted afresh (the user asked)', () => {
    expect(transition(cellIn('expired', { requestId: 'r1' }), EVENTS.retry)).toMatchObject({
      ok: true,
      changes: { state: 'pending', requestId: null },
    })
    expect(transition(cellIn('unknown'), EVENTS.retry)).toMatchObject({ ok: true, changes: { state: 'pending' } })
  })

  it('a pending cell cancelled before submit goes back to pending', () => {
    expect(transition(cellIn('cancelled'), EVENTS.retry)).toMatchObject({ ok: true, changes: { state: 'pending' } })
  })

  it('a cell we stopped waiting for resumes polling its job instead of paying again', () => {
    expect(transition(cellIn('cancelled', { requestId: 'r1' }), EVENTS.retry)).toMatchObject({
      ok: true,
      changes: { state: 'queued' },
    })
  })
})

describe('transition: a job whose server is gone (demo simulator of an earlier run)', () => {
  const gone = EVENTS.server_gone

  it('a job still waited on expires with the reason, and a retry then submits afresh', () => {
    for (const state of ['queued', 'processing', 'fetching'] as const) {
      const c = cellIn(state, { outputUrl: state === 'fetching' ? 'http://old/images/1.png' : null, nextCheckAt: 9000 })
      const res = transition(c, gone)
      expect(res).toMatchObject({
        ok: true,
        changes: { state: 'expired', error: { message: 'simulator restarted' }, nextCheckAt: null },
      })
      const expired = { ...c, ...(res.ok ? res.changes : {}) }
      expect(transition(expired, EVENTS.retry)).toMatchObject({
        ok: true,
        changes: { state: 'pending', requestId: null, statusUrl: null },
      })
    }
  })

  it('a give-up forgets its job and its now-wrong "retry resumes" message, so retry resubmits instead of polling a dead URL', () => {
    const c = cellIn('failed', {
      requestId: 'r1',
      statusUrl: 'http://old/s',
      responseUrl: 'http://old/r',
      error: { kind: 'bad_response', message: 'Gave up' },
    })
    const res = transition(c, gone)
    expect(res).toMatchObject({
      ok: true,
      changes: {
        requestId: null,
        statusUrl: null,
        responseUrl: null,
        outputUrl: null,
        error: { message: 'simulator restarted' },
      },
    })
    expect(res.ok && res.changes.state).toBeUndefined()
    const after = { ...c, ...(res.ok ? res.changes : {}) }
    expect(transition(after, EVENTS.retry)).toMatchObject({ ok: true, changes: { state: 'pending' } })
  })

  it('a job failure keeps its reason; a cancelled cell stays cancelled; both retry as a new submit', () => {
    const failed = cellIn('failed', { requestId: 'r1', error: { kind: 'content_blocked', message: 'blocked' } })
    const f = transition(failed, gone)
    expect(f.ok && f.changes.error).toBeUndefined()
    const cancelled = cellIn('cancelled', { requestId: 'r1', statusUrl: 'http://old/s' })
    const k = transition(cancelled, gone)
    expect(k).toMatchObject({ ok: true, changes: { requestId: null } })
    expect(k.ok && k.changes.state).toBeUndefined()
    expect(transition({ ...cancelled, ...(k.ok ? k.changes : {}) }, EVENTS.retry)).toMatchObject({
      ok: true,
      changes: { state: 'pending' },
    })
  })

  it('refuses cells that hold no job', () => {
    expect(transition(cellIn('failed'), gone).ok).toBe(false)
    expect(transition(cellIn('cancelled'), gone).ok).toBe(false)
  })
})
