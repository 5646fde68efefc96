/** The 13 `width_and_height` values (docs/segmind-api.md §9), in Segmind's order. */
export const SOUL_SIZES = [
  '1152x2048',
  '2048x1152',
  '2048x1536',
  '1536x2048',
  '1344x2016',
  '2016x1344',
  '960x1696',
  '1536x1536',
  '1536x1152',
  '1696x960',
  '1152x1536',
  '1088x1632',
  '1632x1088',
] as const

export type SoulSize = (typeof SOUL_SIZES)[number]

export const DEFAULT_SIZE: SoulSize = '1536x2048'

export function parseSize(size: string): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/.exec(size)
  if (!m) throw new Error(`not a size: ${size}`)
  return { width: Number(m[1]), height: Number(m[2]) }
}

export function isSoulSize(s: string): s is SoulSize {
  return (SOUL_SIZES as readonly string[]).includes(s)
}

/** A short human label: "1536×2048 (3:4)". */
export function sizeLabel(size: string): string {
  const { width, height } = parseSize(size)
  const g = gcd(width, height)
  return `${width}×${height} (${width / g}:${height / g})`
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}
