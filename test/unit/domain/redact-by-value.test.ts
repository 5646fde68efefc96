import { describe, expect, it } from 'vitest'
import { redactSecrets, redactSecretsDeep, registerSecret, secretForms } from '@shared/errors'

const KEY = 'SG_5ec7e75ec7e75ec7'

describe('the key scrubber redacts the key by value, not by shape', () => {
  it('keeps a prompt that merely looks like a key, and text that talks about x-api-key', () => {
    const prompt = 'a neon sign that reads SG_12345678abc over a door; x-api-key: not-a-secret'
    expect(redactSecrets(prompt, [KEY])).toBe(prompt)
    expect(redactSecretsDeep({ prompt }, [KEY])).toEqual({ prompt })
  })

  it('redacts the key itself, JSON-escaped and percent-encoded', () => {
    expect(redactSecrets(`echo ${KEY}!`, [KEY])).toBe('echo [redacted]!')
    const odd = 'k"ey\\with/odd chars+=&?'
    expect(redactSecrets(`{"v":${JSON.stringify(odd)}}`, [odd])).toBe('{"v":"[redacted]"}')
    expect(redactSecrets(`?key=${encodeURIComponent(odd)}&x=1`, [odd])).toBe('?key=[redacted]&x=1')
    const every = [...KEY].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')
    expect(redactSecrets(`/v2/${every}/status`, [KEY])).toBe('/v2/[redacted]/status')
    expect(redactSecrets(`/v2/${every.toUpperCase()}/status`, [KEY])).toBe('/v2/[redacted]/status')
  })

  it('redacts the key inside base64 and base64url at every alignment, leaving no run of it readable', () => {
    for (const before of ['', 'x', 'xy', 'Authorization: Basic user:']) {
      for (const after of ['', '?', 'tail!']) {
        const text = Buffer.from(`${before}${KEY}${after}`).toString('base64')
        const url = Buffer.from(`${before}${KEY}${after}`).toString('base64url')
        for (const encoded of [text, url]) {
          const out = redactSecrets(encoded, [KEY])
          expect(out, `${before}|${after}`).toContain('[redacted]')
          // What is left decodes to at most two bytes of the key on either side of the cut.
          const kept = out.split('[redacted]').join('')
          expect(kept.length).toBeLessThan(encoded.length - 16)
        }
      }
    }
  })

  it('a registered key is redacted even where the caller passes no secrets', () => {
    const key = 'zebra-secret-registered-9931'
    expect(redactSecrets(`oops ${key}`)).toBe(`oops ${key}`)
    registerSecret(`  ${key}\n`) // as read from a file or the environment: trimmed, like the core uses it
    expect(redactSecrets(`oops ${key}`)).toBe('oops [redacted]')
    expect(redactSecrets(encodeURIComponent(`a b ${key}`))).toBe('a%20b%20[redacted]')
  })

  it('lists each form once, longest first, and ignores encoded forms too short to be safe to replace', () => {
    const forms = secretForms(KEY)
    expect(new Set(forms).size).toBe(forms.length)
    expect([...forms].sort((a, b) => b.length - a.length)).toEqual(forms)
    expect(forms).toContain(KEY)
    // 'abcd' in base64 is 'YWJj…': four characters that ordinary text could hold, so only the safe forms remain.
    expect(secretForms('abcd')).toEqual(['%61%62%63%64', 'abcd'])
  })

  it('copies parsed data only when it holds the key, wherever the key hides (a value, a key, an escape)', () => {
    const clean = { status: 'COMPLETED', urls: ['https://cdn.test/a.png'], nested: { note: 'SG_ lookalike' } }
    // Nothing to scrub: the very same value comes back, nothing is copied.
    expect(redactSecretsDeep(clean, [KEY])).toBe(clean)
    const inValue = { status: 'FAILED', errors: [{ detail: `bad key ${KEY}` }] }
    const scrubbed = redactSecretsDeep(inValue, [KEY])
    expect(scrubbed).not.toBe(inValue)
    expect(scrubbed.errors[0]!.detail).toBe('bad key [redacted]')
    expect(inValue.errors[0]!.detail).toContain(KEY)
    const inKey = JSON.parse(`{"${KEY}": 1, "ok": true}`) as Record<string, unknown>
    expect(Object.keys(redactSecretsDeep(inKey, [KEY]))).toEqual(['[redacted]', 'ok'])
    // A \u-escaped key turns back into the key on parsing: the deep pass finds it.
    const escaped = JSON.parse(
      `{"d":"${[...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`,
    )
    expect(redactSecretsDeep(escaped, [KEY])).toEqual({ d: '[redacted]' })
  })
})
