import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { embedMetadata, exifUserComment, readEmbedded } from '../../../src/main/library/embed'
import { parametersText, parseSoulBatchJson, type SoulBatchMetadata } from '../../../src/main/library/metadata'

const meta: SoulBatchMetadata = {
  app: 'soul-batch',
  version: 1,
  batch: { id: 'b', name: 'n' },
  cell: { id: 'c', promptIndex: 0, seedIndex: 0 },
  request: {
    prompt: 'a fox, at dusk: "quiet"',
    enhance_prompt: false,
    style_id: '1fc861ed-5923-41a6-9963-b9f04681dddd',
    width_and_height: '1536x2048',
    quality: '1080p',
    style_strength: 0.5,
  },
  result: { seed: 77, requestId: 'r', metrics: null },
  createdAt: 5,
}

describe('A1111-style parameters text', () => {
  it('is the prompt, then key: value pairs readers split on (values with separators quoted)', () => {
    expect(parametersText(meta)).toBe(
      'a fox, at dusk: "quiet"\nSeed: 77, Size: 1536x2048, Model: higgsfield-soul, Style: Medieval, Style strength: 0.5, Quality: 1080p',
    )
  })
  it('reads back only a soul-batch block', () => {
    expect(parseSoulBatchJson(JSON.stringify(meta))).toEqual(meta)
    expect(parseSoulBatchJson('{"app":"other"}')).toBeNull()
    expect(parseSoulBatchJson('not json')).toBeNull()
  })
})

describe('lossless embedding', () => {
  const text = { parameters: parametersText(meta), soulBatch: JSON.stringify(meta) }
  for (const fmt of ['png', 'jpeg', 'webp'] as const) {
    it(`${fmt}: embeds, replaces rather than duplicates on a second pass, and keeps the pixels`, async () => {
      const img = sharp({ create: { width: 20, height: 10, channels: 3, background: '#39c' } })
      const bytes = await img[fmt]().toBuffer()
      const once = embedMetadata(bytes, text)
      const twice = embedMetadata(once, { ...text, parameters: 'changed' })
      expect(readEmbedded(once)).toEqual(text)
      expect(readEmbedded(twice)).toEqual({ ...text, parameters: 'changed' })
      const count = (buf: Buffer): number => buf.toString('latin1').split('soul-batch').length - 1
      expect(count(twice)).toBe(count(once))
      expect(count(once)).toBeGreaterThan(0)
      const [a, b] = await Promise.all([bytes, twice].map((x) => sharp(x).raw().toBuffer()))
      expect(a!.equals(b!)).toBe(true)
    })
  }
  it('refuses what is not an image', () => {
    expect(() => embedMetadata(Buffer.from('hello'), text)).toThrow('not a PNG, JPEG or WebP image')
    expect(readEmbedded(Buffer.from('hello'))).toEqual({})
  })
  it('writes EXIF UserComment as UNICODE + UTF-16BE in a big-endian TIFF', () => {
    const exif = exifUserComment('é')
    expect(exif.subarray(0, 4)).toEqual(Buffer.from('MM\0*', 'latin1'))
    expect(exif.subarray(44)).toEqual(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from([0x00, 0xe9])]))
  })
})
