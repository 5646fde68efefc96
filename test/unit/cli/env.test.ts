import { describe, expect, it } from 'vitest'
import { readCliEnv } from '../../../src/main/cli/env'
import { batchTable } from '../../../src/main/cli/inspect'

describe('the CLI environment', () => {
  it('reads the key, a base URL without its trailing slash, demo settings and a local time scale', () => {
    expect(readCliEnv({})).toEqual({ ok: true, env: {} })
    expect(
      readCliEnv({
        SEGMIND_API_KEY: ' SG_abcdef0123456789 ',
        SEGMIND_BASE_URL: 'http://127.0.0.1:4010/',
        SOUL_BATCH_TIME_SCALE: '0.005',
      }),
    ).toEqual({ ok: true, env: { apiKey: 'SG_abcdef0123456789', baseUrl: 'http://127.0.0.1:4010', timeScale: 0.005 } })
    expect(readCliEnv({ SOUL_BATCH_DEMO: '{"timeScale":0.01}' })).toEqual({
      ok: true,
      env: { demo: { timeScale: 0.01 } },
    })
  })

  it.each([
    [{ SEGMIND_BASE_URL: 'ftp://x' }, "SEGMIND_BASE_URL must be an http(s) URL, got 'ftp://x'"],
    [{ SEGMIND_BASE_URL: 'not a url' }, "SEGMIND_BASE_URL must be an http(s) URL, got 'not a url'"],
    [{ SOUL_BATCH_DEMO: '{timeScale' }, 'SOUL_BATCH_DEMO must be JSON simulator settings, e.g. {"timeScale":0.01}'],
    [{ SOUL_BATCH_DEMO: '{"timeScale":-1}' }, /^SOUL_BATCH_DEMO: timeScale: /],
    [{ SOUL_BATCH_TIME_SCALE: '2' }, "SOUL_BATCH_TIME_SCALE must be a number above 0 and at most 1, got '2'"],
    // A scaled scheduler would hammer the real API: refused unless the API is a local simulator.
    [{ SEGMIND_API_KEY: 'SG_abcdef0123456789', SOUL_BATCH_TIME_SCALE: '0.01' }, /local simulator only/],
    [
      {
        SEGMIND_API_KEY: 'SG_abcdef0123456789',
        SEGMIND_BASE_URL: 'https://api.segmind.com',
        SOUL_BATCH_TIME_SCALE: '0.01',
      },
      /local simulator only/,
    ],
  ])('refuses %j with one sentence', (vars, message) => {
    const out = readCliEnv(vars)
    expect(out.ok).toBe(false)
    if (!out.ok) expect(out.message).toMatch(message)
  })

  it('never echoes the key in a message', () => {
    const out = readCliEnv({ SEGMIND_API_KEY: 'SG_abcdef0123456789', SOUL_BATCH_TIME_SCALE: '0.5' })
    expect(out.ok).toBe(false)
    if (!out.ok) expect(out.message).not.toContain('SG_abcdef0123456789')
  })
})

describe('the batch table', () => {
  it('aligns columns and keeps the name last', () => {
    const table = batchTable([
      {
        id: 'b1',
        name: 'foxes',
        createdAt: Date.UTC(2026, 0, 2, 3, 4),
        status: 'done',
        priority: 0,
        total: 4,
        counts: { saved: 3, failed: 1 },
        spend: 0.65,
        etaSeconds: 0,
      },
      {
        id: 'batch-two',
        name: 'owls',
        createdAt: Date.UTC(2026, 0, 1),
        status: 'paused',
        priority: 0,
        total: 10,
        counts: { unknown: 2 },
        spend: 0,
        etaSeconds: null,
      },
    ])
    expect(table).toBe(
      [
        'ID         CREATED           STATUS  SAVED  FAILED  UNKNOWN  SPEND  NAME',
        'b1         2026-01-02 03:04  done    3/4    1       0        $0.65  foxes',
        'batch-two  2026-01-01 00:00  paused  0/10   0       2        $0.00  owls',
        '',
      ].join('\n'),
    )
    expect(batchTable([])).toBe('no batches yet\n')
  })
})
