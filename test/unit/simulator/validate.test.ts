import { describe, expect, it } from 'vitest'
import { DEFAULT_STYLE_ID, SOUL_SIZES } from '@shared/catalog'
import { validateGenerationBody } from '../../../src/simulator/validate'

const strict = { acceptUnknownStyle: false }
const good = { prompt: 'a fox', width_and_height: '1536x2048' }

describe('validateGenerationBody', () => {
  it('fills the documented defaults', () => {
    const v = validateGenerationBody(good, strict)
    expect(v).toEqual({
      ok: true,
      request: {
        prompt: 'a fox',
        enhance_prompt: false,
        style_id: DEFAULT_STYLE_ID,
        width_and_height: '1536x2048',
        quality: '1080p',
        style_strength: 1,
      },
    })
  })

  it('keeps every valid optional field', () => {
    const v = validateGenerationBody(
      {
        ...good,
        enhance_prompt: true,
        quality: '720p',
        seed: 1_000_000,
        style_strength: 0,
        image_url: 'https://x/y.png',
      },
      strict,
    )
    expect(v.ok && v.request).toMatchObject({
      enhance_prompt: true,
      quality: '720p',
      seed: 1_000_000,
      style_strength: 0,
      image_url: 'https://x/y.png',
    })
  })

  it('accepts all 13 sizes', () => {
    for (const size of SOUL_SIZES)
      expect(validateGenerationBody({ ...good, width_and_height: size }, strict).ok).toBe(true)
  })

  const bad: [unknown, RegExp][] = [
    [null, /JSON object/],
    [[good], /JSON object/],
    [{ width_and_height: '1536x2048' }, /Prompt is Mandatory/],
    [{ ...good, prompt: 3 }, /Prompt is Mandatory/],
    [{ ...good, prompt: '   ' }, /prompt must not be empty/],
    [{ ...good, enhance_prompt: 'no' }, /enhance_prompt/],
    [{ ...good, style_id: 7 }, /style_id must be a string/],
    [{ ...good, style_id: 'nope' }, /style_id "nope"/],
    [{ prompt: 'x' }, /width_and_height is required/],
    [{ ...good, width_and_height: '1x1' }, /width_and_height must be one of/],
    [{ ...good, quality: '480p' }, /quality/],
    [{ ...good, seed: '5' }, /seed must be an integer/],
    [{ ...good, seed: 0 }, /seed must be between 1 and 1000000/],
    [{ ...good, style_strength: -0.1 }, /style_strength must be between 0 and 1/],
    [{ ...good, style_strength: 'high' }, /style_strength must be a number/],
    [{ ...good, image_url: false }, /image_url/],
  ]
  it.each(bad)('rejects %j with a message naming the field', (body, message) => {
    const v = validateGenerationBody(body, strict)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.message).toMatch(message)
  })

  it('accepts unknown style ids only when told to', () => {
    const body = { ...good, style_id: '464ea177-8d40-4940-8d9d-b438bab269c7' }
    expect(validateGenerationBody(body, strict).ok).toBe(false)
    expect(validateGenerationBody(body, { acceptUnknownStyle: true }).ok).toBe(true)
  })

  it('still yields a usable partial request for fail_later jobs', () => {
    const v = validateGenerationBody(
      { prompt: 'p', seed: 0, width_and_height: 'huge', style_id: 'b3c8075a-cb4c-42de-b8b3-7099dd2df672' },
      strict,
    )
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.partial).toMatchObject({ prompt: 'p', width_and_height: '1536x2048', quality: '1080p' })
    if (!v.ok) expect(v.partial.seed).toBeUndefined()
  })
})
