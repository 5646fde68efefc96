import { describe, expect, it } from 'vitest'
import { redactSecrets } from '@shared/errors'
import type { Core } from '../../../src/main/core-types'
import { callResultJson, dispatch, scrubAnswer } from '../../../src/main/server/dispatch'

const KEY = 'SG_0123456789abcdef'
const scrub = (text: string): string => redactSecrets(text, [KEY])

describe('an answer is scrubbed of the key before it leaves the host', () => {
  it('an answer without the key is passed on as it is (no walk, no copy)', () => {
    const answer = { rows: Array.from({ length: 100 }, (_, i) => ({ prompt: `p ${i}`, line: i })), errors: [] }
    expect(scrubAnswer(answer, scrub)).toBe(answer)
  })

  it('the key in any spelling, anywhere (a value, a key, deep in an array), is redacted', () => {
    const b64 = btoa(`x${KEY}yz`)
    const answer = {
      rows: [{ prompt: 'fine' }, { detail: { text: `server said ${KEY}` } }],
      [`${KEY}`]: 1,
      url: `https://h/?k=${encodeURIComponent(KEY)}`,
      blob: [[b64]],
    }
    const out = scrubAnswer(answer, scrub)
    expect(JSON.stringify(out)).not.toContain(KEY)
    expect(JSON.stringify(out.blob)).toContain('[redacted]')
    expect(out.url).toBe('https://h/?k=[redacted]')
    expect(out.rows[1]).toEqual({ detail: { text: 'server said [redacted]' } })
    expect(out.rows[0]).toEqual({ prompt: 'fine' })
    // The caller's object is left as it was: the scrubbed answer is a copy.
    expect(answer.rows[1]).toEqual({ detail: { text: `server said ${KEY}` } })
  })

  it('a key that JSON escapes (a quote, a backslash) is still found through the JSON text', () => {
    const odd = 'SG_ab"cd\\ef0123'
    const s = (text: string): string => redactSecrets(text, [odd])
    const out = scrubAnswer({ a: [`x ${odd} y`] }, s)
    expect(out).toEqual({ a: ['x [redacted] y'] })
  })

  it('a short key (under 8 characters) with a quote in it is redacted too', () => {
    const short = 'ab"cd'
    const s = (text: string): string => redactSecrets(text, [short])
    expect(scrubAnswer({ a: `x ${short} y`, [short]: 1 }, s)).toEqual({ a: 'x [redacted] y', '[redacted]': 1 })
  })

  it('an answer JSON cannot write (a cycle) is walked as before', () => {
    const answer: { text: string; self?: unknown } = { text: `k=${KEY}` }
    answer.self = answer
    const out = scrubAnswer(answer, scrub)
    expect(out.text).toBe('k=[redacted]')
  })
})

describe('the HTTP transport sends the text the scrub check already wrote', () => {
  /** A core whose one call answers `answer` (only what dispatch uses: the handlers table and redact). */
  function coreAnswering(answer: unknown): Pick<Core, 'handlers' | 'redact'> {
    return { handlers: { 'csv.parse': async () => answer }, redact: (t: string) => t } as unknown as Pick<
      Core,
      'handlers' | 'redact'
    >
  }
  const call = (answer: unknown) =>
    dispatch(coreAnswering(answer), 'csv.parse', { text: 'prompt\na' }, { host: 'browser', secrets: [KEY] })

  it('is the same text as writing the whole result, for answers with and without the key', async () => {
    const answers = [
      { rows: Array.from({ length: 50 }, (_, i) => ({ prompt: `p ${i}`, line: i })), errors: [] },
      { rows: [{ prompt: `leaked ${KEY}` }], errors: [] },
      { note: 'a "quoted" back\\slash' },
      [1, 'two', null],
      'plain',
      null,
      undefined,
    ]
    for (const answer of answers) {
      const result = await call(answer)
      expect(result.ok).toBe(true)
      expect(callResultJson(result)).toBe(JSON.stringify(result))
      expect(callResultJson(result)).not.toContain(KEY)
    }
  })

  it('a failed call is written as it is', async () => {
    const result = await dispatch(coreAnswering(null), 'no.such.call', {}, { host: 'browser' })
    expect(result.ok).toBe(false)
    expect(JSON.parse(callResultJson(result))).toEqual(result)
  })
})
