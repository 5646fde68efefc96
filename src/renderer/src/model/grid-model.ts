import { styleById } from '@shared/catalog'
import { slotKey, type GridLayout, type GridRow } from './grid-layout'

/**
 * What the grid shows and in which arrangement, on top of a GridLayout (where each cell sits: prompt row, style
 * column, third-axis index). Pure: the view, the keyboard and the exports all read the same arrangement, so what
 * is exported and judged is what is on screen.
 */

/** How the third axis (seeds, or whatever else varies within one prompt and style) is laid out. */
export type ThirdMode = 'stack' | 'side' | 'pages'

export interface GridViewOptions {
  /** Styles as rows and prompts as columns. */
  swap: boolean
  third: ThirdMode
  /** With `third: 'pages'`: the third-axis value shown. */
  page: number
  /** Group rows by the set of styles they asked for, so styles a row never asked for take no space. */
  compact: boolean
}

export const DEFAULT_VIEW: GridViewOptions = { swap: false, third: 'stack', page: 0, compact: true }

export interface ThirdAxis {
  kind: 'seed' | 'variant'
  /** One label per index ("Seed 2", "strength 0.6 · 720p"). */
  labels: string[]
}

/** A header: a prompt row or a style. */
export interface Head {
  key: string
  kind: 'prompt' | 'style'
  /** The style's name, or the prompt (clamped when drawn; full on hover). */
  title: string
  /** The style's description, or the row's name. */
  detail: string
  hue: number | null
  /** 1-based number shown beside it: the key that picks this style (1-9), or the prompt's row number. */
  number: number
}

/** Rows that share a set of styles, drawn under their own column headers. */
export interface GridSection {
  key: string
  /** The prompt rows in it, and the styles they asked for (in column order). */
  prompts: GridRow[]
  styles: string[]
  rowHeads: Head[]
  colHeads: Head[]
}

export interface GridModel {
  sections: GridSection[]
  options: GridViewOptions
  third: ThirdAxis | null
  /** The third-axis indices drawn in each slot (all of them, or one page). */
  thirds: number[]
}

function styleHead(styleId: string, number: number): Head {
  const style = styleById(styleId)
  return {
    key: `s:${styleId}`,
    kind: 'style',
    title: style?.name ?? styleId,
    detail: style?.description ?? '',
    hue: style?.hue ?? null,
    number,
  }
}

function promptHead(row: GridRow): Head {
  return {
    key: `p:${row.promptIndex}`,
    kind: 'prompt',
    title: row.prompt,
    detail: row.name ?? '',
    hue: null,
    number: row.promptIndex + 1,
  }
}

/** The third axis of a layout: its own when it has one (a selection's variants), else its seeds. */
export function thirdAxisOf(layout: GridLayout): ThirdAxis | null {
  if (layout.thirdAxis) return layout.thirdAxis.labels.length > 1 ? layout.thirdAxis : null
  if (layout.seedCount <= 1) return null
  return { kind: 'seed', labels: Array.from({ length: layout.seedCount }, (_, i) => `Seed ${i + 1}`) }
}

/**
 * Rows grouped by the styles they asked for, in the order each set first appears. A batch whose rows all use
 * the batch's styles is one section; CSV rows that bring their own styles make one section per style set, so
 * no row draws a tile for a style it never asked for.
 */
export function groupByStyleSet(layout: GridLayout): { prompts: GridRow[]; styles: string[] }[] {
  const groups = new Map<string, { prompts: GridRow[]; styles: string[] }>()
  for (const row of layout.rows) {
    const wanted = new Set(row.styles)
    const styles = layout.columns.filter((id) => wanted.has(id))
    const key = styles.join('|')
    const group = groups.get(key)
    if (group) group.prompts.push(row)
    else groups.set(key, { prompts: [row], styles })
  }
  return [...groups.values()]
}

/** Whether the rows ask for different style sets (the only case compaction changes anything). */
export function isSparse(layout: GridLayout): boolean {
  const first = layout.rows[0]?.styles
  return layout.rows.some((row) => row.styles !== first && row.styles.join('|') !== first?.join('|'))
}

export function buildGridModel(layout: GridLayout, options: GridViewOptions): GridModel {
  const third = thirdAxisOf(layout)
  const count = third?.labels.length ?? 1
  const page = Math.min(Math.max(0, options.page), count - 1)
  const thirds = third && options.third === 'pages' ? [page] : Array.from({ length: count }, (_, i) => i)
  const groups =
    options.compact && isSparse(layout) ? groupByStyleSet(layout) : [{ prompts: layout.rows, styles: layout.columns }]
  const sections = groups.map((g, i): GridSection => {
    const styleHeads = g.styles.map((id, n) => styleHead(id, n + 1))
    const promptHeads = g.prompts.map(promptHead)
    return {
      key: `section-${i}`,
      prompts: g.prompts,
      styles: g.styles,
      rowHeads: options.swap ? styleHeads : promptHeads,
      colHeads: options.swap ? promptHeads : styleHeads,
    }
  })
  return { sections, options: { ...options, page }, third, thirds }
}

/** The prompt row and style at a header position of a section (swapped or not). */
export function slotAt(
  model: GridModel,
  section: GridSection,
  r: number,
  c: number,
): { row: GridRow; styleId: string } | null {
  const [pi, si] = model.options.swap ? [c, r] : [r, c]
  const row = section.prompts[pi]
  const styleId = section.styles[si]
  return row && styleId !== undefined ? { row, styleId } : null
}

/** How many tiles a slot stacks down and lays across. */
export function slotShape(model: GridModel): { down: number; across: number } {
  const n = model.thirds.length
  if (model.options.third === 'side') return { down: 1, across: n }
  if (model.options.third === 'stack') return { down: n, across: 1 }
  return { down: 1, across: 1 }
}

/**
 * Every section as a matrix of tiles (cell ids, or null where nothing is): what the arrow keys walk and what
 * the exports draw. Row v of a section is header row floor(v / down), third index v % down (stacked); column
 * likewise with `across`.
 */
export function tileMatrix(model: GridModel, layout: GridLayout): (string | null)[][][] {
  const { down, across } = slotShape(model)
  return model.sections.map((section) => {
    const out: (string | null)[][] = []
    section.rowHeads.forEach((_, r) => {
      for (let d = 0; d < down; d++) {
        const line: (string | null)[] = []
        section.colHeads.forEach((_, c) => {
          const slot = slotAt(model, section, r, c)
          for (let a = 0; a < across; a++) {
            const t = model.thirds[down > 1 ? d : across > 1 ? a : 0]!
            line.push(slot ? (layout.slots.get(slotKey(slot.row.promptIndex, slot.styleId, t)) ?? null) : null)
          }
        })
        out.push(line)
      }
    })
    return out
  })
}

/**
 * The comparison a cell belongs to: the cells of its prompt row and third-axis index across the styles its
 * section shows, in style order. A pick chooses among them; digit N picks the N-th.
 */
export function lineOf(model: GridModel, layout: GridLayout, cellId: string): (string | null)[] | null {
  for (const section of model.sections) {
    for (const row of section.prompts) {
      for (const t of model.thirds) {
        const ids = section.styles.map((s) => layout.slots.get(slotKey(row.promptIndex, s, t)) ?? null)
        if (ids.includes(cellId)) return ids
      }
    }
  }
  return null
}

/** Every line of the grid (see lineOf), each once: what fairness is judged within. */
export function linesOf(model: GridModel, layout: GridLayout): (string | null)[][] {
  const out: (string | null)[][] = []
  for (const section of model.sections)
    for (const row of section.prompts)
      for (const t of model.thirds)
        out.push(section.styles.map((s) => layout.slots.get(slotKey(row.promptIndex, s, t)) ?? null))
  return out
}
