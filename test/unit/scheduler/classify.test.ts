import { describe, expect, it } from 'vitest'
import { AppError, type AppErrorData } from '@shared/errors'
import { classifyGetError, classifySubmitError, isOutage } from '../../../src/main/scheduler/classify'

const e = (d: Partial<AppErrorData> & Pick<AppErrorData, 'kind'>): AppError => new AppError({ message: 'x', ...d })

describe('classifySubmitError: a submit is re-sent only when no job was created', () => {
  it.each([
    [{ kind: 'server', jobCreated: 'maybe', retryable: true, status: 500 }, 'unknown'],
    [{ kind: 'timeout', jobCreated: 'maybe', retryable: true }, 'unknown'],
    [{ kind: 'network', jobCreated: 'maybe', retryable: true }, 'unknown'],
    [{ kind: 'bad_response', jobCreated: 'yes' }, 'unknown'],
    [{ kind: 'server' }, 'unknown'],
    [{ kind: 'rate_limited', jobCreated: 'no', retryable: true, status: 429 }, 'rate_limited'],
    [{ kind: 'network', jobCreated: 'no', retryable: true }, 'retry_later'],
    [{ kind: 'server', jobCreated: 'no', retryable: true, status: 503 }, 'retry_later'],
    [{ kind: 'validation', jobCreated: 'no', status: 400 }, 'rejected'],
    [{ kind: 'content_type', jobCreated: 'no', status: 406 }, 'rejected'],
    [{ kind: 'unknown_model', jobCreated: 'no', status: 404 }, 'rejected'],
    [{ kind: 'auth', jobCreated: 'no', status: 401 }, 'pause'],
    [{ kind: 'forbidden', jobCreated: 'no', status: 403 }, 'pause'],
    [{ kind: 'credits', jobCreated: 'no', status: 406 }, 'pause'],
    [{ kind: 'spend_limit', jobCreated: 'no', status: 406 }, 'pause'],
  ] as const)('%o -> %s', (data, outcome) => {
    expect(classifySubmitError(e(data as AppErrorData)).kind).toBe(outcome)
  })

  it('a pause carries a message the user can act on', () => {
    const o = classifySubmitError(e({ kind: 'credits', jobCreated: 'no' }))
    expect(o).toMatchObject({ kind: 'pause', reason: { kind: 'credits', message: expect.stringMatching(/credits/i) } })
  })
})

describe('classifyGetError', () => {
  it.each([
    ['cancelled', 'closing'],
    ['rate_limited', 'rate_limited'],
    ['expired', 'expired'],
    ['not_found', 'expired'],
    ['failed', 'job_failed'],
    ['content_blocked', 'job_failed'],
    ['auth', 'halt'],
    ['forbidden', 'halt'],
    ['server', 'retry'],
    ['network', 'retry'],
    ['timeout', 'retry'],
    ['download', 'retry'],
    ['bad_response', 'retry'],
  ] as const)('%s -> %s', (kind, outcome) => {
    expect(classifyGetError(e({ kind })).kind).toBe(outcome)
  })
})

describe('isOutage: GET failures that say nothing about the job (retried until its retention ends)', () => {
  it.each([
    ['network', true],
    ['timeout', true],
    ['server', true],
    ['validation', false],
    ['bad_response', false],
    ['download', false],
    ['io', false],
  ] as const)('%s -> %s', (kind, outage) => {
    expect(isOutage(e({ kind }))).toBe(outage)
  })
})
