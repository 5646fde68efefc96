import type { CellView } from '@shared/domain'
import { sizeLabel, styleById } from '@shared/catalog'

/**
 * What sets compared images apart, besides their style: each pane is labelled only with the parameters whose
 * values differ across the set, so "seed 42 · strength 0.6" reads as the reason two images differ. Parameters
 * that every image shares are left out (a label repeating them would hide the difference).
 */
interface Facet {
  /** The value as a person reads it; equal strings mean equal values. */
  read(cell: CellView): string
}

const FACETS: Facet[] = [
  { read: (c) => `seed ${c.image?.seed ?? c.params.seed ?? 'random'}` },
  { read: (c) => sizeLabel(c.params.width_and_height) },
  { read: (c) => c.params.quality ?? '1080p' },
  { read: (c) => `strength ${(c.params.style_strength ?? 1).toFixed(2)}` },
  { read: (c) => (c.params.enhance_prompt ? 'enhanced prompt' : 'prompt as written') },
  { read: (c) => `prompt “${clamp(c.params.prompt, 32)}”` },
]

function clamp(text: string, max: number): string {
  const t = text.trim().replace(/\s+/g, ' ')
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`
}

/** One label per cell, in order: the differing parameters joined by " · " ('' when only the style differs). */
export function differingLabels(cells: readonly CellView[]): string[] {
  const differing = FACETS.filter((f) => new Set(cells.map((c) => f.read(c))).size > 1)
  return cells.map((c) => differing.map((f) => f.read(c)).join(' · '))
}

/** What the compare view shows of one image (the same shape as stores/compare's CompareItem). */
export interface ComparedImage {
  cellId: string
  imageId: string | null
  styleName: string
  label: string
}

/** The compare view's items for some cells (those without a saved image still show, as "no image"). */
export function compareItemsOf(cells: readonly CellView[]): ComparedImage[] {
  const labels = differingLabels(cells)
  return cells.map((c, i) => ({
    cellId: c.id,
    imageId: c.image?.id ?? null,
    styleName: styleById(c.styleId)?.name ?? 'Unknown style',
    label: labels[i] ?? '',
  }))
}
