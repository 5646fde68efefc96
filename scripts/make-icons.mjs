// Generates every icon the installers need from resources/icon.svg (run after changing the artwork; the outputs
// are committed, so packaging never needs this script):
//   resources/icons/<N>x<N>.png  Linux (AppImage, deb) hicolor sizes, and the sources of the two below
//   resources/icon.ico           Windows (NSIS installer and the .exe): PNG-compressed entries 16–256
//   resources/icon.icns          macOS (app bundle and dmg): PNG entries 16–1024, incl. the @2x variants
// Both containers hold plain PNGs, which Windows Vista+ and macOS 10.7+ read natively.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
/** icns type codes for PNG entries, and the pixel size each holds. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
]

const svg = readFileSync(join(resources, 'icon.svg'))
const png = (size) =>
  sharp(svg, { density: Math.max(72, (72 * size) / 512) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer()

function ico(images) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // 1 = icon
  header.writeUInt16LE(images.length, 4)
  let offset = 6 + 16 * images.length
  const entries = images.map(({ size, data }) => {
    const e = Buffer.alloc(16)
    e.writeUInt8(size >= 256 ? 0 : size, 0) // 0 means 256
    e.writeUInt8(size >= 256 ? 0 : size, 1)
    e.writeUInt16LE(1, 4) // colour planes
    e.writeUInt16LE(32, 6) // bits per pixel
    e.writeUInt32LE(data.length, 8)
    e.writeUInt32LE(offset, 12)
    offset += data.length
    return e
  })
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)])
}

function icns(entries) {
  const chunks = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([head, data])
  })
  const body = Buffer.concat(chunks)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([head, body])
}

const bySize = new Map()
for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)]))
  bySize.set(size, await png(size))
mkdirSync(join(resources, 'icons'), { recursive: true })
for (const size of LINUX_SIZES) writeFileSync(join(resources, 'icons', `${size}x${size}.png`), bySize.get(size))
writeFileSync(join(resources, 'icon.ico'), ico(ICO_SIZES.map((size) => ({ size, data: bySize.get(size) }))))
writeFileSync(join(resources, 'icon.icns'), icns(ICNS_TYPES.map(([type, size]) => ({ type, data: bySize.get(size) }))))
process.stdout.write(`icons written to ${resources}\n`)
