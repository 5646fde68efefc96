import { crc32 } from 'node:zlib'
import { renderGeneration, type ImageFormat, type ImageRecipe } from './image'

/**
 * `--image-render stamped`: one drawing per style, size, quality and format, and each job's own bytes made by
 * stamping its recipe into a comment (a JPEG COM segment, a PNG tEXt chunk) of that drawing. Rendering an SVG
 * costs the simulator several ms of CPU per image; on a small machine that CPU is taken from the client it is
 * supposed to measure (the scale bench). The bytes stay a real, whole image that differs per job, so the client's
 * decode check, hashing and metadata embedding do their full work. WebP has no cheap comment slot: drawn as usual.
 */
export class StampedImages {
  private readonly drawings = new Map<string, Promise<Buffer>>()

  render(recipe: ImageRecipe, format: ImageFormat, imageScale: number): Promise<Buffer> {
    if (format === 'webp') return renderGeneration(recipe, format, imageScale)
    const key = `${recipe.style_id}|${recipe.width_and_height}|${recipe.quality}|${format}|${imageScale}`
    let drawing = this.drawings.get(key)
    if (!drawing) {
      drawing = renderGeneration({ ...recipe, prompt: '', seed: 0 }, format, imageScale)
      drawing.catch(() => this.drawings.delete(key))
      this.drawings.set(key, drawing)
    }
    const note = `soul-sim ${recipe.seed} ${recipe.style_id} ${recipe.prompt}`
    return drawing.then((bytes) => (format === 'png' ? stampPng(bytes, note) : stampJpeg(bytes, note)))
  }
}

/** A COM segment right after SOI; its length field counts itself (2 bytes) and is at most 65 535. */
export function stampJpeg(jpeg: Buffer, note: string): Buffer {
  const text = Buffer.from(note, 'utf8').subarray(0, 65_000)
  const head = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff])
  return Buffer.concat([jpeg.subarray(0, 2), head, text, jpeg.subarray(2)])
}

/** A tEXt chunk ("Comment") right after IHDR (8-byte signature + 25-byte IHDR chunk). */
export function stampPng(png: Buffer, note: string): Buffer {
  const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.from(note, 'latin1')])
  const type = Buffer.from('tEXt', 'latin1')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])))
  return Buffer.concat([png.subarray(0, 33), len, type, data, crc, png.subarray(33)])
}
