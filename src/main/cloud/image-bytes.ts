/**
 * What kind of image a byte buffer holds, judged by its magic bytes: the output URL's file type is undocumented
 * [U] and CDNs mislabel Content-Type, so the bytes are the only witness we trust.
 */
import type { DownloadedImage } from './types'

export type ImageKind = Pick<DownloadedImage, 'mime' | 'ext'>

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false
  return sig.every((b, i) => bytes[at + i] === b)
}

const JPEG = [0xff, 0xd8, 0xff]
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const RIFF = [0x52, 0x49, 0x46, 0x46]
const WEBP = [0x57, 0x45, 0x42, 0x50]

export function sniffImage(bytes: Uint8Array): ImageKind | undefined {
  if (startsWith(bytes, JPEG)) return { mime: 'image/jpeg', ext: 'jpg' }
  if (startsWith(bytes, PNG)) return { mime: 'image/png', ext: 'png' }
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return { mime: 'image/webp', ext: 'webp' }
  return undefined
}
