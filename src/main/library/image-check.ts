import sharp from 'sharp'
import { AppError } from '@shared/errors'
import { sha256Hex } from './files'
import { headerSize } from './image-header'

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp'

export const EXT_BY_MIME: Record<ImageMime, 'jpg' | 'png' | 'webp'> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
}

export const THUMB_WIDTH = 384

/** What the first bytes say the file is; the server's Content-Type is not trusted on its own. */
export function sniffImage(bytes: Uint8Array): ImageMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png'
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to))
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  return null
}

/** What the library records about a whole image (its row), without the image or thumbnail bytes. */
export interface ImageFacts {
  mime: ImageMime
  ext: 'jpg' | 'png' | 'webp'
  width: number
  height: number
  sha256: string
  /** Bytes as downloaded. */
  size: number
}

/** A downloaded image proven whole: it decodes to the end, and its thumbnail is ready. */
export interface CheckedImage extends ImageFacts {
  bytes: Uint8Array
  thumb: Buffer
}

/**
 * Decodes the whole image (sharp fails on truncated or corrupt pixel data by default) while making the
 * thumbnail, so a damaged download is caught before anything is written. sharp writes no metadata into the
 * thumbnail, so nothing of the request (let alone the key) ends up in it.
 */
export async function checkImage(bytes: Uint8Array): Promise<CheckedImage> {
  const mime = sniffImage(bytes)
  if (!mime)
    throw new AppError({
      kind: 'download',
      message: 'The downloaded file is not a JPEG, PNG or WebP image.',
      retryable: true,
    })
  try {
    // One sharp pass: the size comes from the header (sharp's metadata() only when the header is not one we
    // read), and the thumbnail pipeline is what decodes every pixel.
    const size = headerSize(bytes, mime) ?? (await sharpSize(bytes))
    const thumb = await sharp(bytes, { failOn: 'error' })
      .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
      .webp({ effort: 2 })
      .toBuffer()
    return {
      bytes,
      mime,
      ext: EXT_BY_MIME[mime],
      width: size.width,
      height: size.height,
      sha256: sha256Hex(bytes),
      size: bytes.length,
      thumb,
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    throw new AppError({
      kind: 'download',
      message: 'The downloaded image is damaged and cannot be decoded.',
      detail: why,
      retryable: true,
    })
  }
}

async function sharpSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes, { failOn: 'error' }).metadata()
  if (!meta.width || !meta.height) throw new Error('no dimensions')
  return { width: meta.width, height: meta.height }
}
