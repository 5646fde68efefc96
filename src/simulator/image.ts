import sharp from 'sharp'
import { parseSize, SOUL_STYLES, styleById } from '@shared/catalog'
import { hashString, mulberry32, type Random } from './faults'

export type ImageFormat = 'jpeg' | 'png' | 'webp'

export const IMAGE_MIME: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

export interface ImageRecipe {
  prompt: string
  style_id: string
  width_and_height: string
  quality: '720p' | '1080p'
  seed: number
}

/**
 * Output pixel size. [U] Segmind does not document 720p sizes: we render 720p at 2/3 of the 1080p size
 * (1080 -> 720). `imageScale` shrinks everything further so tests stay cheap; never below 16 px a side.
 */
export function outputSize(
  widthAndHeight: string,
  quality: '720p' | '1080p',
  imageScale: number,
): { width: number; height: number } {
  const { width, height } = parseSize(widthAndHeight)
  const factor = (quality === '720p' ? 2 / 3 : 1) * imageScale
  return { width: Math.max(16, Math.round(width * factor)), height: Math.max(16, Math.round(height * factor)) }
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  )
}

interface Canvas {
  w: number
  h: number
  random: Random
  ink: string
}

type Motif = (c: Canvas) => string

const n = (v: number): string => v.toFixed(1)

/** One motif per style index, so a grid of the ten styles reads at a glance even without the text. */
const MOTIFS: readonly Motif[] = [
  // 0 Creatures: scattered circles (eyes)
  ({ w, h, random, ink }) =>
    repeat(
      14,
      () =>
        `<circle cx="${n(random() * w)}" cy="${n(random() * h)}" r="${n((0.03 + random() * 0.08) * w)}" fill="${ink}"/>`,
    ),
  // 1 Medieval: vertical stripes (banners)
  ({ w, h, random, ink }) =>
    repeat(
      8,
      (i) =>
        `<rect x="${n((i / 8) * w + random() * w * 0.03)}" y="0" width="${n(w / 20)}" height="${n(h)}" fill="${ink}"/>`,
    ),
  // 2 Spotlight: one big radial disc
  ({ w, h, random, ink }) =>
    `<circle cx="${n(w * (0.3 + random() * 0.4))}" cy="${n(h * (0.3 + random() * 0.4))}" r="${n(Math.min(w, h) * 0.35)}" fill="${ink}"/>`,
  // 3 Giant People: a few huge rectangles
  ({ w, h, random, ink }) =>
    repeat(
      3,
      () =>
        `<rect x="${n(random() * w * 0.6)}" y="${n(random() * h * 0.5)}" width="${n(w * 0.35)}" height="${n(h * 0.5)}" fill="${ink}"/>`,
    ),
  // 4 Subway: horizontal rails
  ({ w, h, random, ink }) =>
    repeat(
      6,
      (i) =>
        `<rect x="0" y="${n((i / 6) * h + random() * h * 0.04)}" width="${n(w)}" height="${n(h / 40)}" fill="${ink}"/>`,
    ),
  // 5 Library: grid of small squares (shelves)
  ({ w, h, random, ink }) =>
    repeat(36, (i) =>
      random() < 0.6
        ? `<rect x="${n((i % 6) * (w / 6) + w * 0.02)}" y="${n(Math.floor(i / 6) * (h / 6) + h * 0.02)}" width="${n(w / 8)}" height="${n(h / 8)}" fill="${ink}"/>`
        : '',
    ),
  // 6 Realistic: concentric rings
  ({ w, h, random, ink }) => {
    const cx = w * (0.3 + random() * 0.4)
    const cy = h * (0.3 + random() * 0.4)
    return repeat(
      6,
      (i) =>
        `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n((i + 1) * Math.min(w, h) * 0.07)}" fill="none" stroke="${ink}" stroke-width="${n(Math.max(1, w / 80))}"/>`,
    )
  },
  // 7 DigitalCam: diagonal lines
  ({ w, h, random, ink }) =>
    repeat(
      10,
      (i) =>
        `<line x1="${n((i / 10) * w * 2 - w * random() * 0.2)}" y1="0" x2="${n((i / 10) * w * 2 - w)}" y2="${n(h)}" stroke="${ink}" stroke-width="${n(Math.max(1, w / 60))}"/>`,
    ),
  // 8 Grillz Selfie: triangles (teeth)
  ({ w, h, random, ink }) =>
    repeat(12, () => {
      const x = random() * w
      const y = random() * h
      const s = w * (0.05 + random() * 0.1)
      return `<polygon points="${n(x)},${n(y)} ${n(x + s)},${n(y)} ${n(x + s / 2)},${n(y + s)}" fill="${ink}"/>`
    }),
  // 9 Bleached Brows: soft blobs (ellipses)
  ({ w, h, random, ink }) =>
    repeat(
      8,
      () =>
        `<ellipse cx="${n(random() * w)}" cy="${n(random() * h)}" rx="${n(w * (0.05 + random() * 0.15))}" ry="${n(h * (0.02 + random() * 0.05))}" fill="${ink}"/>`,
    ),
]

function repeat(count: number, part: (i: number) => string): string {
  let out = ''
  for (let i = 0; i < count; i++) out += part(i)
  return out
}

/**
 * The SVG of a simulated generation: deterministic in (prompt, style, size, quality, seed). Unknown styles (when
 * the simulator accepts them) get a hue and motif from the id's hash.
 */
export function generationSvg(recipe: ImageRecipe, size: { width: number; height: number }): string {
  const { width: w, height: h } = size
  const style = styleById(recipe.style_id)
  const index = style ? SOUL_STYLES.indexOf(style) : hashString(recipe.style_id) % MOTIFS.length
  const hue = style ? style.hue : hashString(recipe.style_id) % 360
  const name = style ? style.name : 'Custom style'
  const random = mulberry32(hashString(`${recipe.prompt}|${recipe.style_id}|${recipe.seed}`))
  const motif = MOTIFS[index % MOTIFS.length] ?? MOTIFS[0]
  const ink = `hsla(${(hue + 180) % 360},70%,70%,0.45)`
  const drawn = motif ? motif({ w, h, random, ink }) : ''
  const big = Math.max(4, Math.round(w / 9))
  const small = Math.max(3, Math.round(w / 28))
  const prompt = escapeXml(recipe.prompt.slice(0, 60))
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="hsl(${hue},65%,50%)"/><stop offset="1" stop-color="hsl(${(hue + 25) % 360},60%,22%)"/>` +
    `</linearGradient></defs>` +
    `<rect width="${w}" height="${h}" fill="url(#g)"/>` +
    drawn +
    `<text x="${n(w / 2)}" y="${n(h * 0.45)}" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${big}" fill="#fff" text-anchor="middle">${escapeXml(name)}</text>` +
    `<text x="${n(w / 2)}" y="${n(h * 0.45 + big)}" font-family="DejaVu Sans, sans-serif" font-size="${small}" fill="#fff" text-anchor="middle">${prompt}</text>` +
    `<text x="${n(w / 2)}" y="${n(h * 0.45 + big + small * 1.6)}" font-family="DejaVu Sans, sans-serif" font-size="${small}" fill="#fff" text-anchor="middle">seed ${recipe.seed}</text>` +
    `</svg>`
  )
}

/** Renders a generation to real image bytes with sharp (librsvg). */
export async function renderGeneration(recipe: ImageRecipe, format: ImageFormat, imageScale: number): Promise<Buffer> {
  const size = outputSize(recipe.width_and_height, recipe.quality, imageScale)
  const image = sharp(Buffer.from(generationSvg(recipe, size)))
  if (format === 'png') return image.png({ compressionLevel: 3 }).toBuffer()
  if (format === 'webp') return image.webp({ quality: 80, effort: 1 }).toBuffer()
  return image.jpeg({ quality: 85 }).toBuffer()
}
