import type { ImageMime } from './image-check'

/**
 * An image's stored size read from its header, the way sharp's metadata() reports it (before any EXIF rotation).
 * Reading it here lets the save path open the image with sharp once (the thumbnail pipeline, which also proves
 * the pixel data whole) instead of twice (metadata(), then the thumbnail). Null when the header is not one this
 * knows; the caller then asks sharp.
 */
export function headerSize(bytes: Uint8Array, mime: ImageMime): { width: number; height: number } | null {
  const size = mime === 'image/png' ? pngSize(bytes) : mime === 'image/jpeg' ? jpegSize(bytes) : webpSize(bytes)
  return size && size.width > 0 && size.height > 0 ? size : null
}

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!
const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8)
const u24le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)
const u32be = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0
const u32le = (b: Uint8Array, i: number): number => (u24le(b, i) | (b[i + 3]! << 24)) >>> 0
const tag = (b: Uint8Array, i: number): string => String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!)

/** The IHDR chunk is always first: width and height at bytes 16 and 20. */
function pngSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 24 || tag(b, 12) !== 'IHDR') return null
  return { width: u32be(b, 16), height: u32be(b, 20) }
}

/** Walks the marker segments up to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC). */
function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i++ // fill byte
      continue
    }
    // Markers without a length: TEM and RST0-7 (SOI/EOI never appear here in a valid file).
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) return null // end of image or start of scan before any frame
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null
      return { height: u16be(b, i + 5), width: u16be(b, i + 7) }
    }
    i += 2 + u16be(b, i + 2)
  }
  return null
}

/** The first chunk says which bitstream: lossy VP8, lossless VP8L, or the extended VP8X with its canvas size. */
function webpSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 30) return null
  const chunk = tag(b, 12)
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff }
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return null
    const bits = u32le(b, 21)
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 }
  return null
}
