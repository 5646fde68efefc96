import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { unwrapCallResult } from '../../../src/renderer/src/api/transport/call-result'
import { reconnectDelay } from '../../../src/renderer/src/api/transport/event-stream'
import { imageProtocolUrl } from '../../../src/renderer/src/api/transport/electron-bridge'
import { eventsUrlFor, runPrefixOf } from '../../../src/renderer/src/api/transport/browser-bridge'

describe('the renderer api module', () => {
  it('returns the data of a successful call', () => {
    expect(unwrapCallResult({ ok: true, data: { n: 1 } }, 'x')).toEqual({ n: 1 })
    expect(unwrapCallResult({ ok: true, data: null }, 'x')).toBeNull()
  })

  it('rebuilds the AppError a host sent, with its facts', () => {
    const body = {
      ok: false,
      error: {
        kind: 'validation',
        message: 'matrix.prompts: add at least one prompt',
        issues: [{ path: 'matrix.prompts', message: 'add at least one prompt' }],
      },
    }
    let thrown: unknown
    try {
      unwrapCallResult(body, 'batch.create')
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(AppError)
    expect(thrown).toMatchObject({
      kind: 'validation',
      message: 'matrix.prompts: add at least one prompt',
      issues: body.error.issues,
    })
  })

  it('turns anything malformed into bad_response instead of trusting it', () => {
    for (const body of [
      null,
      'text',
      {},
      { ok: true },
      { ok: false },
      { ok: false, error: { kind: 'nonsense', message: 'x' } },
      { ok: false, error: { kind: 'internal' } },
    ]) {
      expect(() => unwrapCallResult(body, 'batch.list'), JSON.stringify(body)).toThrow(
        expect.objectContaining({ kind: 'bad_response' }),
      )
    }
  })

  it('backs off exponentially between reconnects, up to a cap', () => {
    expect([0, 1, 2, 3].map((n) => reconnectDelay(n, 250, 10_000))).toEqual([250, 500, 1000, 2000])
    expect(reconnectDelay(10, 250, 10_000)).toBe(10_000)
    expect(reconnectDelay(1000, 250, 10_000)).toBe(10_000)
  })

  it('builds image and socket URLs for each host', () => {
    expect(imageProtocolUrl('AbC-12', 'thumb')).toBe('app-image://image/AbC-12/thumb')
    expect(imageProtocolUrl('a/b', 'full')).toBe('app-image://image/a%2Fb/full')
    expect(eventsUrlFor({ protocol: 'http:', host: '127.0.0.1:5170' })).toBe('ws://127.0.0.1:5170/api/events')
    expect(eventsUrlFor({ protocol: 'https:', host: 'x:1' })).toBe('wss://x:1/api/events')
    // Under the run's path prefix, where the session cookie is sent.
    expect(eventsUrlFor({ protocol: 'http:', host: 'h:1', pathname: '/s/Ab_-9/' })).toBe('ws://h:1/s/Ab_-9/api/events')
    expect(runPrefixOf('/s/Ab_-9/')).toBe('/s/Ab_-9')
    expect(runPrefixOf('/s/Ab_-9')).toBe('/s/Ab_-9')
    expect(runPrefixOf('/')).toBe('')
    expect(runPrefixOf('/sx/abc/')).toBe('')
    expect(runPrefixOf('/s/a.b/')).toBe('')
  })
})
