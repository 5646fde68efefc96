import type { CellView } from '@shared/domain'
import type { GridExportLayout } from '@shared/contracts/grid-export'
import { slotKey, type GridLayout } from './grid-layout'
import { slotAt, slotShape, type GridModel } from './grid-model'
import { cellLabel, type ParamKey } from './grid-params'

/** What the core draws at most in one export (GridExportLayoutSchema): checked here to say so in words. */
export const EXPORT_MAX_COLUMNS = 60
export const EXPORT_MAX_ROWS = 500

/**
 * The grid as shown, as the layout the core's exports draw: the same axes (swapped or not), the third axis as
 * sub-rows ("prompt · Seed 2") or sub-columns, or only the page on screen; the winners marked; each image
 * labelled with the parameters that differ. Sections (rows grouped by style set) are drawn under one set of
 * columns, the union of theirs in grid order, with empty slots where a row never asked for a style.
 * Returns a sentence instead when the grid is too big for one image.
 */
export function exportLayoutOf(p: {
  model: GridModel
  layout: GridLayout
  cells: Readonly<Record<string, CellView>>
  winners: ReadonlySet<string>
  labelKeys: readonly ParamKey[]
  title?: string
  theme?: 'light' | 'dark'
  cellWidth?: number
}): GridExportLayout | string {
  const { model, layout, cells, winners, labelKeys } = p
  const { down, across } = slotShape(model)
  const third = model.third
  const thirdLabel = (t: number): string => third?.labels[t] ?? ''

  // Union of every section's column heads, in first-seen order.
  const heads = new Map<string, { label: string; sublabel?: string }>()
  for (const section of model.sections)
    for (const head of section.colHeads) if (!heads.has(head.key)) heads.set(head.key, { label: head.title })
  const colKeys = [...heads.keys()]
  const columns: { label: string; sublabel?: string }[] = []
  for (const key of colKeys) {
    for (let a = 0; a < across; a++) {
      const sub = across > 1 ? thirdLabel(model.thirds[a]!) : undefined
      columns.push({ label: heads.get(key)!.label, ...(sub ? { sublabel: sub } : {}) })
    }
  }

  const rows: GridExportLayout['rows'] = []
  for (const section of model.sections) {
    section.rowHeads.forEach((rowHead, r) => {
      for (let d = 0; d < down; d++) {
        const rowCells: GridExportLayout['rows'][number]['cells'] = []
        for (const key of colKeys) {
          const c = section.colHeads.findIndex((h) => h.key === key)
          const slot = c === -1 ? null : slotAt(model, section, r, c)
          for (let a = 0; a < across; a++) {
            const t = model.thirds[down > 1 ? d : across > 1 ? a : 0]!
            const id = slot ? layout.slots.get(slotKey(slot.row.promptIndex, slot.styleId, t)) : undefined
            const cell = id ? cells[id] : undefined
            if (!cell || cell.state !== 'saved' || !cell.image) {
              rowCells.push({ cellId: null })
              continue
            }
            const label = cellLabel(cell, labelKeys)
            rowCells.push({
              cellId: cell.id,
              ...(label ? { label } : {}),
              ...(winners.has(cell.id) ? { winner: true } : {}),
            })
          }
        }
        const sub = down > 1 ? ` · ${thirdLabel(model.thirds[d]!)}` : ''
        rows.push({ label: `${rowHead.title}${sub}`, cells: rowCells })
      }
    })
  }

  if (columns.length > EXPORT_MAX_COLUMNS)
    return `This grid has ${columns.length} columns; an export holds at most ${EXPORT_MAX_COLUMNS}. Show the third axis as pages, or swap the axes.`
  if (rows.length > EXPORT_MAX_ROWS)
    return `This grid has ${rows.length} rows; an export holds at most ${EXPORT_MAX_ROWS}. Open fewer images as a grid, or show the third axis as pages.`
  if (!rows.some((row) => row.cells.some((c) => c.cellId !== null)))
    return 'No image in this grid is finished yet, so there is nothing to export.'
  return {
    ...(p.title ? { title: p.title.slice(0, 300) } : {}),
    columns,
    rows,
    cellWidth: p.cellWidth ?? 384,
    theme: p.theme ?? 'light',
  }
}
