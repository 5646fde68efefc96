import type { CellView } from '@shared/domain'
import { SOUL_STYLES } from '@shared/catalog'
import { slotKey, type GridLayout, type GridRow } from './grid-layout'
import { cellLabel, differingParams, paramValue, type ParamKey } from './grid-params'

const VARIANT_KEYS: readonly ParamKey[] = ['size', 'quality', 'strength', 'enhance']

/**
 * Any set of images as a grid (a gallery selection, a search result): rows are prompt + seed used (the images a
 * style comparison is fair between), columns are styles. Two images of one prompt, seed and style (made at two
 * strengths, say) sit side by side on a third axis named by what differs between them. Row and third indices are
 * the grid's own, not the batches': the cells keep their ids, so picks and the lightbox work on them as usual.
 */
export function selectionLayout(cells: readonly CellView[]): GridLayout {
  const varying = differingParams(cells, VARIANT_KEYS)
  const rowsByKey = new Map<string, { row: GridRow; styles: Set<string> }>()
  const variants = new Map<string, number>()
  const labels: string[] = []
  const slots = new Map<string, string>()
  const usedStyles = new Set<string>()

  for (const cell of cells) {
    const seed = paramValue(cell, 'seed')
    const key = `${cell.params.prompt}\n${seed ?? ''}`
    let entry = rowsByKey.get(key)
    if (!entry) {
      entry = {
        row: {
          promptIndex: rowsByKey.size,
          prompt: cell.params.prompt,
          ...(seed !== null ? { name: `seed ${seed}` } : {}),
          styles: [],
        },
        styles: new Set(),
      }
      rowsByKey.set(key, entry)
    }
    entry.styles.add(cell.styleId)
    usedStyles.add(cell.styleId)

    // The same variant twice in one slot (one image made twice) takes the next free index of that variant.
    const base = varying.map((k) => paramValue(cell, k) ?? '').join('|')
    for (let copy = 0; ; copy++) {
      const variantKey = `${base}#${copy}`
      let t = variants.get(variantKey)
      if (t === undefined) {
        t = labels.length
        variants.set(variantKey, t)
        const label = cellLabel(cell, varying)
        labels.push(copy === 0 ? label || 'Image 1' : `${label ? `${label} · ` : ''}image ${copy + 1}`)
      }
      const slot = slotKey(entry.row.promptIndex, cell.styleId, t)
      if (!slots.has(slot)) {
        slots.set(slot, cell.id)
        break
      }
    }
  }

  const columns = SOUL_STYLES.map((s) => s.id).filter((id) => usedStyles.has(id))
  for (const id of usedStyles) if (!columns.includes(id)) columns.push(id)
  const rows = [...rowsByKey.values()].map(({ row, styles }) => ({
    ...row,
    styles: columns.filter((id) => styles.has(id)),
  }))
  return {
    columns,
    rows,
    seedCount: Math.max(1, labels.length),
    slots,
    thirdAxis: { kind: 'variant', labels },
  }
}
