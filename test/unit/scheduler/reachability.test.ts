import { describe, expect, it } from 'vitest'
import { AppError, type AppErrorData } from '@shared/errors'
import { MAX_UNREACHABLE_SUBMITS, networkHoldReason, unreachableCause } from '../../../src/main/scheduler/classify'
import { ReachabilityWatch } from '../../../src/main/scheduler/reachability'

const e = (d: Partial<AppErrorData> & Pick<AppErrorData, 'kind'>): AppError => new AppError({ message: 'x', ...d })

describe('unreachableCause: only a submit that never connected counts against the host', () => {
  it.each([
    [
      { kind: 'network', jobCreated: 'no', detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' },
      'connection refused',
    ],
    [
      { kind: 'network', jobCreated: 'no', detail: 'ENOTFOUND: getaddrinfo ENOTFOUND api.example' },
      'host name not found',
    ],
    [
      { kind: 'network', jobCreated: 'no', detail: 'EAI_AGAIN: getaddrinfo EAI_AGAIN api.example' },
      'DNS lookup failed',
    ],
    [{ kind: 'network', jobCreated: 'no', detail: 'ENETUNREACH: connect ENETUNREACH' }, 'network unreachable'],
    [
      { kind: 'timeout', jobCreated: 'no', detail: 'UND_ERR_CONNECT_TIMEOUT: Connect Timeout Error' },
      'connection timed out',
    ],
    [{ kind: 'network', jobCreated: 'no' }, 'no connection'],
    // the host answered, or the job may exist, or it is not a connection problem at all
    [{ kind: 'network', jobCreated: 'maybe', detail: 'ECONNRESET: socket hang up' }, null],
    [{ kind: 'timeout', jobCreated: 'maybe', detail: 'UND_ERR_HEADERS_TIMEOUT: x' }, null],
    [{ kind: 'server', jobCreated: 'no', status: 503 }, null],
    [{ kind: 'rate_limited', jobCreated: 'no', status: 429 }, null],
    [{ kind: 'internal', jobCreated: 'no' }, null],
  ] as const)('%o -> %s', (data, cause) => {
    expect(unreachableCause(e(data as AppErrorData))).toBe(cause)
  })

  it('the hold says since when (local HH:MM), that it retries by itself, and names the host and the cause', () => {
    const since = new Date(2026, 11, 1, 9, 5, 30).getTime()
    const r = networkHoldReason('api.segmind.com', 'connection refused', since)
    expect(r.kind).toBe('network')
    expect(r.since).toBe(since)
    expect(r.message).toBe(
      'API unreachable since 09:05 — retrying. api.segmind.com: connection refused. ' +
        'New cells wait; jobs already sent are still checked; the queue goes on by itself once the API answers.',
    )
  })
})

describe('ReachabilityWatch: rounds in a row, not requests', () => {
  it('a round of concurrent submits failing together is one strike', () => {
    const w = new ReachabilityWatch(3)
    w.sent(['a', 'b', 'c', 'd'])
    expect(['a', 'b', 'c', 'd'].map((id) => w.unreachable(id))).toEqual([false, false, false, false])
    w.sent(['a', 'b'])
    expect(w.unreachable('b')).toBe(false)
    expect(w.unreachable('a')).toBe(false)
    w.sent(['c'])
    expect(w.unreachable('c')).toBe(true)
  })

  it('an answer from the host (or a resume) starts the count again', () => {
    const w = new ReachabilityWatch(2)
    w.sent(['a'])
    expect(w.unreachable('a')).toBe(false)
    w.reset()
    w.sent(['a'])
    expect(w.unreachable('a')).toBe(false)
    w.sent(['b'])
    expect(w.unreachable('b')).toBe(true)
    w.reset()
    w.sent(['c'])
    expect(w.unreachable('c')).toBe(false)
  })

  it('a failure from a round older than the last counted one adds nothing', () => {
    const w = new ReachabilityWatch(2)
    w.sent(['slow'])
    w.sent(['fast'])
    expect(w.unreachable('fast')).toBe(false)
    expect(w.unreachable('slow')).toBe(false)
    w.settled('slow')
    w.sent(['next'])
    expect(w.unreachable('next')).toBe(true)
  })

  it('the queue default is five rounds', () => {
    expect(MAX_UNREACHABLE_SUBMITS).toBe(5)
  })
})
