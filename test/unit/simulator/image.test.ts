import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { escapeXml, generationSvg, outputSize, renderGeneration, type ImageRecipe } from '../../../src/simulator/image'

const recipe: ImageRecipe = {
  prompt: 'Tom & "Jerry" <run>',
  style_id: SOUL_STYLES[3]?.id ?? '',
  width_and_height: '1536x2048',
  quality: '1080p',
  seed: 77,
}

describe('simulated images', () => {
  it('sizes: requested size x scale, 720p at 2/3, never below 16 px', () => {
    expect(outputSize('1536x2048', '1080p', 1)).toEqual({ width: 1536, height: 2048 })
    expect(outputSize('1536x2048', '720p', 1)).toEqual({ width: 1024, height: 1365 })
    expect(outputSize('2048x1152', '1080p', 0.5)).toEqual({ width: 1024, height: 576 })
    expect(outputSize('1536x1536', '720p', 0.001)).toEqual({ width: 16, height: 16 })
  })

  it('escapes the prompt and shows style name and seed', () => {
    expect(escapeXml(`<a href='x'>&"`)).toBe('&lt;a href=&apos;x&apos;&gt;&amp;&quot;')
    const svg = generationSvg(recipe, { width: 100, height: 120 })
    expect(svg).toContain('Tom &amp; &quot;Jerry&quot; &lt;run&gt;')
    expect(svg).not.toContain('<run>')
    expect(svg).toContain('Giant People')
    expect(svg).toContain('seed 77')
  })

  it('is a pure function of the recipe', () => {
    const size = { width: 80, height: 100 }
    expect(generationSvg(recipe, size)).toBe(generationSvg({ ...recipe }, size))
    expect(generationSvg(recipe, size)).not.toBe(generationSvg({ ...recipe, seed: 78 }, size))
    expect(generationSvg(recipe, size)).not.toBe(generationSvg({ ...recipe, style_id: SOUL_STYLES[4]?.id ?? '' }, size))
  })

  it('keeps only the first 60 prompt characters', () => {
    const svg = generationSvg({ ...recipe, prompt: 'x'.repeat(59) + 'yz' }, { width: 50, height: 50 })
    expect(svg).toContain('x'.repeat(59) + 'y<')
    expect(svg).not.toContain('yz')
  })

  it('renders real, decodable images in each format', async () => {
    for (const [format, expected] of [
      ['jpeg', 'jpeg'],
      ['png', 'png'],
      ['webp', 'webp'],
    ] as const) {
      const bytes = await renderGeneration(recipe, format, 0.05)
      const meta = await sharp(bytes).metadata()
      expect(meta.format).toBe(expected)
      expect([meta.width, meta.height]).toEqual([77, 102])
    }
  })

  it('gives unknown style ids (when accepted) a fallback look', () => {
    expect(generationSvg({ ...recipe, style_id: 'custom' }, { width: 40, height: 40 })).toContain('Custom style')
  })
})
