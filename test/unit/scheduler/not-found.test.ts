import { describe, expect, it } from 'vitest'
import {
  judgeNotFound,
  NOT_FOUND_MIN_ANSWERS,
  NOT_FOUND_MIN_SPAN_SECONDS,
  NotFoundStreaks,
  vanishedMessage,
} from '../../../src/main/scheduler/not-found'

const unitMs = 1000
const submittedAt = 1_000_000
const keptUntil = submittedAt + 3600 * unitMs

describe('a 404 is evidence, not a verdict', () => {
  it('past retention a 404 means the job expired, at once', () => {
    const at = keptUntil + 1
    expect(judgeNotFound({ at, keptUntil, streak: { since: at, answers: 1 }, unitMs, jitter: 0.5 })).toEqual({
      kind: 'expired',
    })
  })

  it('one 404 on a 35-second-old job waits and checks again, before retention ends', () => {
    const at = submittedAt + 35 * unitMs
    const v = judgeNotFound({ at, keptUntil, streak: { since: at, answers: 1 }, unitMs, jitter: 0 })
    expect(v.kind).toBe('wait')
    if (v.kind !== 'wait') return
    expect(v.nextCheckAt).toBeGreaterThan(at)
    expect(v.nextCheckAt).toBeLessThanOrEqual(keptUntil)
  })

  it('many 404s in a short span are not enough; a span without enough answers is not either', () => {
    const since = submittedAt + 10 * unitMs
    const quick = judgeNotFound({
      at: since + 20 * unitMs,
      keptUntil,
      streak: { since, answers: 10 },
      unitMs,
      jitter: 1,
    })
    expect(quick.kind).toBe('wait')
    const sparse = judgeNotFound({
      at: since + 2 * NOT_FOUND_MIN_SPAN_SECONDS * unitMs,
      keptUntil,
      streak: { since, answers: NOT_FOUND_MIN_ANSWERS - 1 },
      unitMs,
      jitter: 1,
    })
    expect(sparse.kind).toBe('wait')
  })

  it('enough 404s spanning minutes before retention: the job vanished', () => {
    const since = submittedAt + 10 * unitMs
    const at = since + NOT_FOUND_MIN_SPAN_SECONDS * unitMs
    const streak = { since, answers: NOT_FOUND_MIN_ANSWERS }
    expect(judgeNotFound({ at, keptUntil, streak, unitMs, jitter: 0 })).toEqual({ kind: 'vanished', streak })
    const message = vanishedMessage({ at, submittedAt, streak, unitMs })
    expect(message).toMatch(/the first submit was billed/)
    expect(message).not.toMatch(/expired/)
    expect(message).toContain('4 times over 5 minutes')
  })

  it('waits grow and are capped at a minute (model time), jittered', () => {
    const at = submittedAt + 100 * unitMs
    const wait = (answers: number, jitter: number): number => {
      const v = judgeNotFound({ at, keptUntil, streak: { since: at, answers }, unitMs, jitter })
      return v.kind === 'wait' ? v.nextCheckAt - at : Number.NaN
    }
    expect(wait(1, 1)).toBe(15 * unitMs)
    expect(wait(2, 1)).toBe(30 * unitMs)
    expect(wait(9, 1)).toBe(60 * unitMs)
    expect(wait(9, 0)).toBe(30 * unitMs)
  })

  it('a streak counts answers from its first 404 and ends when cleared', () => {
    const s = new NotFoundStreaks()
    expect(s.add('a', 5)).toEqual({ since: 5, answers: 1 })
    expect(s.add('a', 9)).toEqual({ since: 5, answers: 2 })
    expect(s.add('b', 7)).toEqual({ since: 7, answers: 1 })
    s.clear('a')
    expect(s.add('a', 20)).toEqual({ since: 20, answers: 1 })
  })
})
