import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { checkImage, sniffImage, THUMB_WIDTH } from '../../../src/main/library/image-check'
import {
  imageRelPath,
  isCurrentAttempt,
  parseImageFileName,
  sha256Hex,
  thumbRelPath,
  writeFileAtomic,
} from '../../../src/main/library/files'
import { writeImageFiles } from '../../../src/main/library/save-image'

async function picture(format: 'jpeg' | 'png' | 'webp', width = 600, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="${width}" height="${height}"><circle cx="300" cy="300" r="200" fill="#3af"/></svg>`,
        ),
      },
    ])
    [format]()
    .toBuffer()
}

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'soul-batch-lib-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('sniffImage', () => {
  it('reads the format from magic bytes, not from names', async () => {
    expect(sniffImage(await picture('jpeg'))).toBe('image/jpeg')
    expect(sniffImage(await picture('png'))).toBe('image/png')
    expect(sniffImage(await picture('webp'))).toBe('image/webp')
    expect(sniffImage(Buffer.from('<html>nope</html>'))).toBeNull()
    expect(sniffImage(Buffer.alloc(0))).toBeNull()
  })
})

describe('checkImage', () => {
  it('measures, hashes and thumbnails a whole image', async () => {
    const bytes = await picture('png', 1152, 1536)
    const img = await checkImage(bytes)
    expect(img).toMatchObject({ mime: 'image/png', ext: 'png', width: 1152, height: 1536, sha256: sha256Hex(bytes) })
    const thumb = await sharp(img.thumb).metadata()
    expect(thumb).toMatchObject({ format: 'webp', width: THUMB_WIDTH, height: 512 })
  })

  it('does not enlarge small images', async () => {
    const img = await checkImage(await picture('jpeg', 200, 100))
    expect((await sharp(img.thumb).metadata()).width).toBe(200)
  })

  it('refuses bytes that are not an image', async () => {
    await expect(checkImage(Buffer.from('definitely not a jpeg'))).rejects.toMatchObject({
      kind: 'download',
      retryable: true,
    })
  })

  it('refuses a truncated image (a download cut short)', async () => {
    const bytes = await picture('jpeg', 800, 1000)
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2))
    const err = await checkImage(cut).catch((e: unknown) => e)
    expect(AppError.is(err, 'download')).toBe(true)
  })

  it('refuses an image whose body is garbage after a valid header', async () => {
    const bytes = Buffer.from(await picture('png', 300, 300))
    for (let i = 100; i < bytes.length - 20; i++) bytes[i] = (i * 31) & 0xff
    await expect(checkImage(bytes)).rejects.toBeInstanceOf(AppError)
  })
})

describe('atomic files', () => {
  it('writes the whole file under its final name and leaves no temp file behind', async () => {
    const target = join(dir, 'a', 'b', 'x.bin')
    await writeFileAtomic(target, Buffer.from('first'))
    await writeFileAtomic(target, Buffer.from('second'))
    expect(readFileSync(target, 'utf8')).toBe('second')
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['x.bin'])
  })

  it('lays out images and thumbnails per batch, relative to the home', async () => {
    const img = await checkImage(await picture('jpeg'))
    const written = await writeImageFiles(dir, 'batch1', 'cell1', img)
    expect(written).toEqual({
      path: imageRelPath('batch1', 'cell1', 'jpg'),
      thumbPath: thumbRelPath('batch1', 'cell1'),
    })
    expect(written.path).toBe('images/batch1/cell1.jpg')
    expect(sha256Hex(readFileSync(join(dir, 'images', 'batch1', 'cell1.jpg')))).toBe(img.sha256)
    expect((await sharp(join(dir, 'thumbs', 'batch1', 'cell1.webp')).metadata()).format).toBe('webp')
  })

  it("names a later attempt's image for its attempt, so the start-up scan can tell it from an older leftover", async () => {
    const img = await checkImage(await picture('jpeg', 60, 80))
    expect((await writeImageFiles(dir, 'batch1', 'cell1', img, 3)).path).toBe('images/batch1/cell1.attempt3.jpg')
    expect(imageRelPath('b', 'c', 'png', 1)).toBe('images/b/c.png')
    expect(parseImageFileName('c.attempt3.jpg')).toEqual({ cellId: 'c', attempt: 3 })
    expect(parseImageFileName('c.jpg')).toEqual({ cellId: 'c', attempt: 1 })
    expect(parseImageFileName('c.attempt0.jpg')).toBeNull()
    expect(parseImageFileName('.c.jpg.abcd.tmp')).toBeNull()
    expect(parseImageFileName('noext')).toBeNull()
    // A cell not yet submitted (0) and its first attempt both own the plain name.
    expect([isCurrentAttempt(1, 0), isCurrentAttempt(1, 1), isCurrentAttempt(1, 2), isCurrentAttempt(2, 2)]).toEqual([
      true,
      true,
      false,
      true,
    ])
  })
})
