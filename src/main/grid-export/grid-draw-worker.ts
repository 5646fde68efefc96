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
import type { OverlayOptions } from 'sharp'

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

async function tilePixels(t: DrawTile, background: string): Promise<OverlayOptions> {
  const { data, info } = await sharp(t.file, { failOn: 'error', limitInputPixels: 16_384 * 16_384 })
    .rotate()
    .resize(t.width, t.height, { fit: 'fill' })
    .flatten({ background })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
  return {
    input: data,
    raw: { width: info.width, height: info.height, channels: info.channels },
    left: t.left,
    top: t.top,
  }
}

async function draw(job: DrawJob): Promise<DrawAnswer> {
  const layers: OverlayOptions[] = new Array<OverlayOptions>(job.tiles.length)
  let next = 0
  let failed: DrawAnswer | null = null
  const lane = async (): Promise<void> => {
    while (next < job.tiles.length && failed === null) {
      const i = next++
      const t = job.tiles[i]!
      try {
        layers[i] = await tilePixels(t, job.background)
      } catch (e) {
        failed = { ok: false, file: t.file, message: e instanceof Error ? e.message : String(e) }
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_DECODES }, lane))
  if (failed) return failed
  for (const o of job.overlays) layers.push({ input: Buffer.from(o.svg), left: o.left, top: o.top })
  const canvas = sharp({
    create: { width: job.width, height: job.height, channels: 3, background: job.background },
    limitInputPixels: false,
  }).composite(layers)
  const out =
    job.format === 'png'
      ? canvas.png({ compressionLevel: 6, adaptiveFiltering: false })
      : canvas.jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
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
