import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { StampedImages } from '../../../src/simulator/image-stamp'
import type { ImageRecipe } from '../../../src/simulator/image'

const recipe = (prompt: string, seed: number): ImageRecipe => ({
  prompt,
  style_id: 'realistic',
  width_and_height: '1152x1536',
  quality: '720p',
  seed,
})

describe('stamped simulator images', () => {
  for (const format of ['jpeg', 'png'] as const) {
    it(`${format}: every job gets its own bytes, a whole image that decodes, with its recipe inside`, async () => {
      const stamped = new StampedImages()
      const a = await stamped.render(recipe('a red fox', 1), format, 0.05)
      const b = await stamped.render(recipe('a red fox', 2), format, 0.05)
      expect(a.equals(b)).toBe(false)
      for (const bytes of [a, b]) {
        // failOn 'error' reads to the end: a broken chunk or segment would fail here.
        const { info } = await sharp(bytes, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true })
        expect(info.width).toBe(38)
      }
      expect(a.toString('latin1')).toContain('soul-sim 1 realistic a red fox')
      if (format === 'png') expect((await sharp(b).metadata()).comments?.[0]?.text).toContain('soul-sim 2')
    })
  }
})
