import sharp, { type Sharp } from 'sharp'
import { describe, expect, it } from 'vitest'
import { sniffImage } from '../../../src/main/library/image-check'
import { headerSize } from '../../../src/main/library/image-header'
import { renderGeneration } from '../../../src/simulator/image'

/** A real encoded image with some detail (so encoders do not take shortcuts). */
async function encode(width: number, height: number, to: (s: Sharp) => Sharp, alpha = false): Promise<Buffer> {
  const svg = `<svg width="${width}" height="${height}"><rect x="1" y="1" width="${Math.max(1, width - 2)}" height="${Math.max(1, height - 2)}" fill="#3af" fill-opacity="0.6"/></svg>`
  const base = sharp({
    create: { width, height, channels: alpha ? 4 : 3, background: { r: 200, g: 40, b: 90, alpha: alpha ? 0.5 : 1 } },
  }).composite([{ input: Buffer.from(svg) }])
  return to(sharp(await base.png().toBuffer())).toBuffer()
}

const SIZES: [number, number][] = [
  [1, 1],
  [7, 1153],
  [1152, 1536],
  [2048, 1152],
  [16383, 3],
]

const FORMATS: [string, (s: Sharp) => Sharp, boolean][] = [
  ['baseline JPEG', (s) => s.jpeg(), false],
  ['progressive JPEG', (s) => s.jpeg({ progressive: true }), false],
  ['JPEG with EXIF before the frame', (s) => s.withMetadata({ orientation: 6 }).jpeg(), false],
  ['PNG', (s) => s.png(), false],
  ['PNG with alpha', (s) => s.png(), true],
  ['lossy WebP', (s) => s.webp(), false],
  ['lossless WebP', (s) => s.webp({ lossless: true }), false],
  ['WebP with alpha (extended VP8X)', (s) => s.webp(), true],
]

describe('headerSize: the stored size from the header, as sharp reports it', () => {
  for (const [name, to, alpha] of FORMATS) {
    it(name, async () => {
      for (const [w, h] of SIZES) {
        if (name.includes('WebP') && Math.max(w, h) > 16383) continue // WebP's own limit
        const bytes = await encode(w, h, to, alpha)
        const meta = await sharp(bytes).metadata()
        expect(headerSize(bytes, sniffImage(bytes)!), `${name} ${w}x${h}`).toEqual({
          width: meta.width,
          height: meta.height,
        })
      }
    })
  }

  it("the simulator's generations (what the scheduler saves in demo mode and the benches)", async () => {
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const recipe = {
        prompt: 'a fox',
        style_id: 'x',
        width_and_height: '1152x1536',
        quality: '720p' as const,
        seed: 7,
      }
      const bytes = await renderGeneration(recipe, format, 0.25)
      const meta = await sharp(bytes).metadata()
      expect(headerSize(bytes, sniffImage(bytes)!)).toEqual({ width: meta.width, height: meta.height })
    }
  })

  it('answers null for headers it cannot read, so sharp is asked instead', async () => {
    const png = await encode(40, 30, (s) => s.png())
    expect(headerSize(png.subarray(0, 20), 'image/png')).toBeNull()
    const jpeg = await encode(40, 30, (s) => s.jpeg())
    expect(headerSize(jpeg.subarray(0, 6), 'image/jpeg')).toBeNull()
    const broken = Buffer.from(jpeg)
    broken[2] = 0x00 // not a marker where one must be
    expect(headerSize(broken, 'image/jpeg')).toBeNull()
    const webp = Buffer.from(await encode(40, 30, (s) => s.webp()))
    webp.write('ABCD', 12, 'latin1') // an unknown first chunk
    expect(headerSize(webp, 'image/webp')).toBeNull()
  })
})
