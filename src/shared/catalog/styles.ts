/**
 * The ten Soul styles Segmind lists for higgsfield-text2image-soul (docs/segmind-api.md §8), in Segmind's
 * order. Names come from Higgsfield's soul-styles list; descriptions are paraphrased gists.
 */
export interface SoulStyle {
  id: string
  name: string
  description: string
  /** A colour that stands for the style in the UI and in the simulator's images, so grids read at a glance. */
  hue: number
}

export const SOUL_STYLES: readonly SoulStyle[] = [
  {
    id: 'b3c8075a-cb4c-42de-b8b3-7099dd2df672',
    name: 'Creatures',
    description: 'Animal features fused with human, eerie',
    hue: 140,
  },
  {
    id: '1fc861ed-5923-41a6-9963-b9f04681dddd',
    name: 'Medieval',
    description: 'Chainmail, velvet, candlelit court',
    hue: 30,
  },
  {
    id: '40ff999c-f576-443c-b5b3-c7d1391a666e',
    name: 'Spotlight',
    description: 'Hard direct light, paparazzi flash',
    hue: 50,
  },
  {
    id: 'a5f63c3b-70eb-4979-af5e-98c7ee1e18e8',
    name: 'Giant People',
    description: 'Oversized figures in ordinary scenes',
    hue: 200,
  },
  {
    id: 'd2e8ba04-9935-4dee-8bc4-39ac789746fc',
    name: 'Subway',
    description: 'Underground platforms and carriages',
    hue: 180,
  },
  {
    id: '6fb3e1f5-d721-4523-ac38-9902f2b2b850',
    name: 'Library',
    description: 'Soft indoor light, cozy academia',
    hue: 20,
  },
  {
    id: '1cb4b936-77bf-4f9a-9039-f3d349a4cdbe',
    name: 'Realistic',
    description: 'Unfiltered photographic clarity',
    hue: 0,
  },
  {
    id: 'ca4e6ad3-3e93-4e03-81a0-d1722d2c128b',
    name: 'DigitalCam',
    description: 'Harsh flash, timestamp, 2007 digicam',
    hue: 280,
  },
  {
    id: '255f4045-d68b-42b1-9e4c-f49d3263a9d7',
    name: 'Grillz Selfie',
    description: 'Flash close-up with grills',
    hue: 320,
  },
  {
    id: 'cc099663-9621-422e-8626-c8ee68953a0c',
    name: 'Bleached Brows',
    description: 'Brow-less, futuristic face',
    hue: 240,
  },
]

/** Segmind's default style_id (Creatures). */
export const DEFAULT_STYLE_ID = 'b3c8075a-cb4c-42de-b8b3-7099dd2df672'

const byId = new Map(SOUL_STYLES.map((s) => [s.id, s]))
const byName = new Map(SOUL_STYLES.map((s) => [normalizeStyleName(s.name), s]))

function normalizeStyleName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

export function styleById(id: string): SoulStyle | undefined {
  return byId.get(id)
}

/** Resolves a style by id or by name ("Giant People", "giant-people", "giantpeople" all match). */
export function resolveStyle(idOrName: string): SoulStyle | undefined {
  const key = idOrName.trim()
  return byId.get(key.toLowerCase()) ?? byName.get(normalizeStyleName(key))
}

export function styleName(id: string): string {
  return byId.get(id)?.name ?? id
}
