import { describe, expect, it } from 'vitest'
import { pauseAdvice, pauseDetail, pauseHeadline, rateText } from '../../../src/renderer/src/model/queue-text'
import { STATE_LABEL, cellExplanation } from '../../../src/renderer/src/model/cell-text'
import { CELL_STATES } from '@shared/domain'

describe('queue and cell wording', () => {
  it('shows the slowed rate next to the budget after 429s', () => {
    expect(rateText({ rpm: 50, effectiveRpm: 50 })).toBe('50 rpm')
    expect(rateText({ rpm: 50, effectiveRpm: 12.5 })).toBe('12.5 of 50 rpm')
  })

  it('tells the person what stopped the queue and what to fix', () => {
    expect(pauseHeadline({ kind: 'credits', message: '' })).toMatch(/out of credits/)
    expect(pauseAdvice({ kind: 'credits', message: '' })).toMatch(/Top up/)
    expect(pauseHeadline({ kind: 'auth', message: '' })).toMatch(/API key/)
    expect(pauseAdvice({ kind: 'auth', message: '' })).toMatch(/SEGMIND_API_KEY/)
    expect(pauseHeadline({ kind: 'network', message: '' })).toMatch(/Can't reach the Segmind API/)
    expect(pauseAdvice({ kind: 'network', message: '' })).toMatch(/Resume once the connection is back/)
  })

  it('an outage hold says since when, in local time, and that it goes on by itself; a disk fault says what to fix', () => {
    const since = new Date(2026, 11, 1, 14, 7).getTime()
    expect(pauseHeadline({ kind: 'network', message: '', since })).toBe('API unreachable since 14:07 — retrying')
    expect(pauseAdvice({ kind: 'network', message: '', since })).toMatch(/goes on by itself/)
    const message = 'API unreachable since 14:07 — retrying. api.segmind.com: connection refused. New cells wait.'
    expect(pauseDetail({ kind: 'network', message, since })).toBe(
      'api.segmind.com: connection refused. New cells wait.',
    )
    expect(pauseDetail({ kind: 'auth', message: 'Key refused.' })).toBe('Key refused.')
    expect(pauseHeadline({ kind: 'library', message: '' })).toMatch(/library folder/)
    expect(pauseAdvice({ kind: 'library', message: '' })).toMatch(/without paying twice/)
  })

  it('has a label for every cell state and explains the ones that need a decision', () => {
    for (const s of CELL_STATES) expect(STATE_LABEL[s]).toBeTruthy()
    expect(
      cellExplanation({
        state: 'failed',
        error: { kind: 'content_blocked', message: 'Blocked by the content filter' },
      }),
    ).toBe('Blocked by the content filter')
    expect(cellExplanation({ state: 'expired', error: null })).toMatch(/billed again/)
    const gone = 'The demo simulator restarted, so this job is gone. Resubmit to generate it again.'
    expect(cellExplanation({ state: 'expired', error: { kind: 'expired', message: gone } })).toBe(gone)
    expect(cellExplanation({ state: 'unknown', error: null })).toMatch(/may have been made and billed/)
    expect(cellExplanation({ state: 'processing', error: null })).toBeNull()
  })
})
