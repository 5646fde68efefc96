/**
 * The worker thread that draws a grid image with sharp, so decoding a few hundred full-size images and encoding a
 * 40-megapixel PNG never runs on the core's event loop (not even sharp's JavaScript side: building the composite
 * list, copying buffers). It gets a finished plan (tile files and boxes, SVG overlays, canvas) and writes the file
 * atomically itself (temp file, fsync, rename), so the encoded bytes never cross to the core's thread either.
 *
 * Self-contained on purpose (only sharp and node builtins, erasable type syntax): Node runs this file as is in
 * tests and the CLI, and electron-vite builds it to out/main/grid-draw-worker.js for the app.
 */
import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import sharp from 'sharp'

export interface DrawTile {
  file: string
  left: number
  top: number
  width: number
  height: number
}

export interface DrawJob {
  width: number
  height: number
  background: string
  tiles: DrawTile[]
  overlays: { left: number; top: number; svg: string }[]
  format: 'png' | 'jpeg'
  /** Where the file goes (its folder exists). */
  target: string
}

export type DrawAnswer =
  { ok: true; bytes: number; width: number; height: number } | { ok: false; message: string; file?: string }

/** Several decodes at once keep libvips' threads busy; more would only hold more tiles in memory at a time. */
const PARALLEL_DECODES = 3

/**
 * The canvas is a plain RGB buffer the worker fills itself: each tile's rows are copied in, each overlay blended
 * over its own rectangle, then sharp encodes the buffer once. (sharp's composite() of a few hundred layers works in
 * float over the whole canvas for every layer; on a 45-megapixel grid that took minutes instead of seconds.)
 */
interface Canvas {
  data: Buffer
  width: number
  height: number
}

function newCanvas(width: number, height: number, background: string): Canvas {
  const data = Buffer.alloc(width * height * 3)
  const rgb = [1, 3, 5].map((i) => parseInt(background.slice(i, i + 2), 16))
  // Fill the first row, then double the filled span: a few large copies instead of one write per pixel.
  for (let x = 0; x < width; x++) data.set(rgb, x * 3)
  let filled = width * 3
  while (filled < data.length) {
    const n = Math.min(filled, data.length - filled)
    data.copy(data, filled, 0, n)
    filled += n
  }
  return { data, width, height }
}

/** Copies an RGB image into the canvas at (left, top), clipped to the canvas. */
function paste(c: Canvas, src: Buffer, w: number, h: number, left: number, top: number): void {
  const x0 = Math.max(0, left)
  const x1 = Math.min(c.width, left + w)
  if (x1 <= x0) return
  for (let y = Math.max(0, top); y < Math.min(c.height, top + h); y++) {
    const from = ((y - top) * w + (x0 - left)) * 3
    src.copy(c.data, (y * c.width + x0) * 3, from, from + (x1 - x0) * 3)
  }
}

/** Blends an RGBA image (straight alpha) over the canvas at (left, top), clipped; transparent pixels cost a test. */
function blend(c: Canvas, src: Buffer, w: number, h: number, left: number, top: number): void {
  for (let y = Math.max(0, top); y < Math.min(c.height, top + h); y++) {
    for (let x = Math.max(0, left); x < Math.min(c.width, left + w); x++) {
      const s = ((y - top) * w + (x - left)) * 4
      const a = src[s + 3]!
      if (a === 0) continue
      const d = (y * c.width + x) * 3
      if (a === 255) {
        c.data[d] = src[s]!
        c.data[d + 1] = src[s + 1]!
        c.data[d + 2] = src[s + 2]!
      } else {
        for (let k = 0; k < 3; k++) c.data[d + k] = Math.round((src[s + k]! * a + c.data[d + k]! * (255 - a)) / 255)
      }
    }
  }
}

async function tilePixels(t: DrawTile, background: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(t.file, { failOn: 'error', limitInputPixels: 16_384 * 16_384 })
    .rotate()
    .resize(t.width, t.height, { fit: 'fill' })
    .flatten({ background })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

/** Runs jobs a few at a time; the first failure stops the others from starting. */
async function inLanes<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failure: unknown = null
  const lane = async (): Promise<void> => {
    while (next < items.length && failure === null) {
      const item = items[next++]!
      try {
        await run(item)
      } catch (e) {
        failure ??= e
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_DECODES }, lane))
  if (failure !== null) throw failure
}

/** A tile that could not be read (written without parameter properties: Node strips types, not those). */
class TileError extends Error {
  file: string
  constructor(file: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause))
    this.file = file
  }
}

async function draw(job: DrawJob): Promise<DrawAnswer> {
  const canvas = newCanvas(job.width, job.height, job.background)
  try {
    await inLanes(job.tiles, async (t) => {
      const px = await tilePixels(t, job.background).catch((e: unknown) => {
        throw new TileError(t.file, e)
      })
      paste(canvas, px.data, px.width, px.height, t.left, t.top)
    })
  } catch (e) {
    if (e instanceof TileError) return { ok: false, file: e.file, message: e.message }
    throw e
  }
  await inLanes(job.overlays, async (o) => {
    const { data, info } = await sharp(Buffer.from(o.svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    blend(canvas, data, info.width, info.height, o.left, o.top)
  })
  const image = sharp(canvas.data, {
    raw: { width: job.width, height: job.height, channels: 3 },
    limitInputPixels: false,
  })
  const out =
    job.format === 'png'
      ? image.png({ compressionLevel: 6, adaptiveFiltering: false })
      : image.jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
  const { data, info } = await out.toBuffer({ resolveWithObject: true })
  await writeAtomic(job.target, data)
  return { ok: true, bytes: data.length, width: info.width, height: info.height }
}

/** Temp file beside the target, fsync, rename: a crash never leaves a torn image under the export's name. */
async function writeAtomic(target: string, data: Buffer): Promise<void> {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`)
  const fh = await open(tmp, 'w')
  try {
    await fh.writeFile(data)
    await fh.sync()
  } catch (e) {
    await fh.close()
    await rm(tmp, { force: true })
    throw e
  }
  await fh.close()
  await rename(tmp, target)
}

if (parentPort) {
  const port = parentPort
  draw(workerData as DrawJob).then(
    (answer) => port.postMessage(answer),
    (e: unknown) => port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) }),
  )
}
