import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { sniffImage } from '../../../src/main/cloud/image-bytes'

async function real(format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .toFormat(format)
    .toBuffer()
}

describe('sniffImage', () => {
  it.each([
    ['jpeg', 'image/jpeg', 'jpg'],
    ['png', 'image/png', 'png'],
    ['webp', 'image/webp', 'webp'],
  ] as const)('recognises a real %s file by its bytes', async (format, mime, ext) => {
    expect(sniffImage(await real(format))).toEqual({ mime, ext })
  })

  it('refuses bytes that only start like an image', async () => {
    const png = await real('png')
    expect(sniffImage(png.subarray(0, 4))).toBeUndefined()
    const webp = await real('webp')
    const riffNotWebp = Buffer.from(webp)
    riffNotWebp.write('WAVE', 8, 'latin1')
    expect(sniffImage(riffNotWebp)).toBeUndefined()
  })

  it.each([
    ['empty', Buffer.alloc(0)],
    ['HTML error page', Buffer.from('<!doctype html><title>502</title>')],
    ['JSON', Buffer.from('{"error":"nope"}')],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
  ])('refuses %s', (_label, bytes) => {
    expect(sniffImage(bytes)).toBeUndefined()
  })
})
