import type { z } from 'zod'
import type { GridExportLayoutSchema } from '@shared/contracts/grid-export'
import { wrapText } from './text-wrap'

/**
 * The labelled grid image's geometry, from the layout the grid shows (pure; unit-tested): where the title, column
 * legends, row legends (the prompt wrapped), tiles, cell labels and winner marks go, in whole pixels. The drawing
 * (grid-svg.ts, draw-worker.ts) only follows it, so the PNG's size is the plan's by construction.
 */
export type ParsedLayout = z.output<typeof GridExportLayoutSchema>

/** A stored image's pixel size, to keep its aspect inside its tile. */
export interface ImageSize {
  width: number
  height: number
}

export interface Palette {
  background: string
  text: string
  muted: string
  placeholder: string
  hatch: string
  winner: string
  winnerText: string
}

export const PALETTES: Record<ParsedLayout['theme'], Palette> = {
  light: {
    background: '#ffffff',
    text: '#1b1b1f',
    muted: '#5d5d68',
    placeholder: '#c4c4cc',
    hatch: '#d6d6de',
    winner: '#e8a100',
    winnerText: '#1b1b1f',
  },
  dark: {
    background: '#141418',
    text: '#ececf1',
    muted: '#a2a2ad',
    placeholder: '#4a4a55',
    hatch: '#2c2c34',
    winner: '#ffb81c',
    winnerText: '#141418',
  },
}

export interface TextBlock {
  x: number
  /** Baseline of the first line. */
  y: number
  lines: string[]
  fontSize: number
  lineHeight: number
  bold: boolean
  colour: string
  anchor: 'start' | 'middle'
}

export interface TilePlan {
  row: number
  column: number
  cellId: string | null
  /** The tile's box (every box of the grid has the same size). */
  x: number
  y: number
  width: number
  height: number
  /** The image inside the box, aspect kept and centred; null for an empty slot (drawn as a hatched placeholder). */
  image: { x: number; y: number; width: number; height: number } | null
  label: TextBlock | null
  winner: boolean
}

export interface GridImagePlan {
  width: number
  height: number
  palette: Palette
  fontSize: number
  /** Title and column legends: one band across the top. */
  header: { height: number; title: TextBlock | null; columns: TextBlock[] }
  rows: { y: number; height: number; label: TextBlock }[]
  tiles: TilePlan[]
  /** Winner border thickness. */
  border: number
  megapixels: number
}

/** Above this the UI asks first (and exportImage needs confirmLarge). */
export const LARGE_MEGAPIXELS = 40
/** libvips/PNG encoders and viewers stop being reliable past this side. */
export const MAX_SIDE = 32_767
/** About sharp's default input limit (16 383²): past it the file cannot be opened again by the app or most viewers. */
export const MAX_MEGAPIXELS = 268

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

/** Tile height: every image fits the tallest aspect (the images of a grid usually share one size). */
export function tileHeight(cellWidth: number, sizes: readonly ImageSize[]): number {
  let tallest = 4 / 3 // Soul's default portrait (1536x2048) when nothing is saved yet
  if (sizes.length > 0) tallest = Math.max(...sizes.map((s) => s.height / Math.max(1, s.width)))
  return Math.round(cellWidth * clamp(tallest, 0.25, 4))
}

/** An image's box inside its tile: as large as fits, aspect kept, centred. */
export function fitInside(
  box: { x: number; y: number; width: number; height: number },
  size: ImageSize,
): { x: number; y: number; width: number; height: number } {
  const scale = Math.min(box.width / size.width, box.height / size.height)
  const width = Math.max(1, Math.round(size.width * scale))
  const height = Math.max(1, Math.round(size.height * scale))
  return {
    x: box.x + Math.floor((box.width - width) / 2),
    y: box.y + Math.floor((box.height - height) / 2),
    width,
    height,
  }
}

/**
 * Plans the image. `sizeOf` answers the stored size of a cell's image, or undefined when the cell has no image
 * (never made, failed, missing): that slot is drawn as a placeholder.
 */
export function planGridImage(layout: ParsedLayout, sizeOf: (cellId: string) => ImageSize | undefined): GridImagePlan {
  const palette = PALETTES[layout.theme]
  const cw = layout.cellWidth
  const columns = layout.columns.length
  const fontSize = clamp(Math.round(cw / 20), 13, 48)
  const lineHeight = Math.round(fontSize * 1.3)
  const small = Math.max(11, Math.round(fontSize * 0.82))
  const smallLine = Math.round(small * 1.3)
  const margin = Math.round(fontSize * 1.4)
  const gap = Math.max(4, Math.round(fontSize * 0.5))
  const border = Math.max(3, Math.round(cw / 80))
  const rowLabelWidth = clamp(Math.round(cw * 0.8), 180, 640)

  const sizes: ImageSize[] = []
  for (const row of layout.rows) {
    for (const cell of row.cells) {
      const s = cell.cellId === null ? undefined : sizeOf(cell.cellId)
      if (s) sizes.push(s)
    }
  }
  const tileH = tileHeight(cw, sizes)

  const gridLeft = margin + rowLabelWidth + gap
  const width = gridLeft + columns * cw + (columns - 1) * gap + margin

  // Header: the title, then each column's name (bold) and sublabel, wrapped to the tile width.
  let y = margin
  let title: TextBlock | null = null
  if (layout.title?.trim()) {
    const titleSize = Math.round(fontSize * 1.35)
    const lines = wrapText(layout.title, { maxWidth: width - 2 * margin, fontSize: titleSize, maxLines: 2, bold: true })
    const lh = Math.round(titleSize * 1.3)
    title = {
      x: margin,
      y: y + titleSize,
      lines,
      fontSize: titleSize,
      lineHeight: lh,
      bold: true,
      colour: palette.text,
      anchor: 'start',
    }
    y += lines.length * lh + gap * 2
  }
  const columnTexts = layout.columns.map((c) => ({
    label: wrapText(c.label, { maxWidth: cw - 8, fontSize, maxLines: 2, bold: true }),
    sub: c.sublabel ? wrapText(c.sublabel, { maxWidth: cw - 8, fontSize: small, maxLines: 3 }) : [],
  }))
  const labelLines = Math.max(...columnTexts.map((c) => c.label.length), 1)
  const subLines = Math.max(...columnTexts.map((c) => c.sub.length))
  const columnBlocks: TextBlock[] = []
  columnTexts.forEach((c, i) => {
    const cx = gridLeft + i * (cw + gap) + Math.round(cw / 2)
    columnBlocks.push({
      x: cx,
      y: y + fontSize,
      lines: c.label,
      fontSize,
      lineHeight,
      bold: true,
      colour: palette.text,
      anchor: 'middle',
    })
    if (c.sub.length > 0) {
      const subY = y + labelLines * lineHeight + small
      columnBlocks.push({
        x: cx,
        y: subY,
        lines: c.sub,
        fontSize: small,
        lineHeight: smallLine,
        bold: false,
        colour: palette.muted,
        anchor: 'middle',
      })
    }
  })
  y += labelLines * lineHeight + subLines * smallLine + gap * 2
  const headerHeight = y

  // Rows: a label band under the tiles only when some cell has a label (parameters that differ). Labels repeat
  // ("seed 42" down a column), so each distinct one is wrapped once.
  const wrapped = new Map<string, string[]>()
  const wrapCellLabel = (label: string): string[] => {
    let lines = wrapped.get(label)
    if (!lines) wrapped.set(label, (lines = wrapText(label, { maxWidth: cw - 8, fontSize: small, maxLines: 2 })))
    return lines
  }
  const cellLabels = layout.rows.map((r) => r.cells.map((c) => (c.label?.trim() ? wrapCellLabel(c.label) : [])))
  const labelBand = Math.max(0, ...cellLabels.flat().map((l) => l.length)) * smallLine
  const rowHeight = tileH + (labelBand > 0 ? labelBand + Math.round(gap / 2) : 0)
  const promptLines = clamp(Math.floor(rowHeight / lineHeight), 1, 14)

  const rows: GridImagePlan['rows'] = []
  const tiles: TilePlan[] = []
  layout.rows.forEach((row, r) => {
    const ry = headerHeight + r * (rowHeight + gap)
    const lines = wrapText(row.label, { maxWidth: rowLabelWidth - 4, fontSize, maxLines: promptLines })
    rows.push({
      y: ry,
      height: rowHeight,
      label: {
        x: margin,
        y: ry + fontSize,
        lines,
        fontSize,
        lineHeight,
        bold: false,
        colour: palette.text,
        anchor: 'start',
      },
    })
    for (let c = 0; c < columns; c++) {
      const cell = row.cells[c] ?? { cellId: null }
      const box = { x: gridLeft + c * (cw + gap), y: ry, width: cw, height: tileH }
      const size = cell.cellId === null ? undefined : sizeOf(cell.cellId)
      const text = cellLabels[r]?.[c] ?? []
      tiles.push({
        row: r,
        column: c,
        cellId: cell.cellId,
        ...box,
        image: size ? fitInside(box, size) : null,
        label:
          text.length > 0
            ? {
                x: box.x + Math.round(cw / 2),
                y: ry + tileH + Math.round(gap / 2) + small,
                lines: text,
                fontSize: small,
                lineHeight: smallLine,
                bold: false,
                colour: palette.muted,
                anchor: 'middle',
              }
            : null,
        winner: cell.winner === true && cell.cellId !== null,
      })
    }
  })
  const height = headerHeight + layout.rows.length * rowHeight + (layout.rows.length - 1) * gap + margin
  return {
    width,
    height,
    palette,
    fontSize,
    header: { height: headerHeight, title, columns: columnBlocks },
    rows,
    tiles,
    border,
    megapixels: (width * height) / 1e6,
  }
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US')

/** A rough file size: photos compress to ~2 bytes a pixel as PNG and ~0.35 as JPEG at quality 90. */
export function estimateBytes(plan: Pick<GridImagePlan, 'width' | 'height'>, format: 'png' | 'jpeg' = 'png'): number {
  return Math.round(plan.width * plan.height * (format === 'png' ? 2 : 0.35))
}

function humanBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(n / 1e6))} MB`
}

/** Plans the same layout at another tile width (the suggestions below are checked against real plans). */
export type Replan = (cellWidth: number) => GridImagePlan

/**
 * The largest tile width (a multiple of 16, at least 64) whose image stays within the limits, or null when none
 * would. Starts from the proportional guess and steps down: margins and legends do not shrink with the tiles.
 */
function suggestedCellWidth(
  plan: GridImagePlan,
  cellWidth: number,
  maxMegapixels: number,
  replan: Replan,
): number | null {
  const within = (p: GridImagePlan): boolean =>
    p.width <= MAX_SIDE && p.height <= MAX_SIDE && p.megapixels <= maxMegapixels
  const ratio = Math.max(plan.width / MAX_SIDE, plan.height / MAX_SIDE, Math.sqrt(plan.megapixels / maxMegapixels))
  for (
    let w = Math.min(cellWidth - 16, Math.floor(cellWidth / ratio / 16) * 16), tries = 0;
    w >= 64 && tries < 16;
    w -= 16, tries++
  ) {
    if (within(replan(w))) return w
  }
  return null
}

/** Why the image cannot be made at all (too large for the encoders), with how to make it smaller; or null. */
export function refusalOf(plan: GridImagePlan, cellWidth: number, replan: Replan): string | null {
  if (plan.width <= MAX_SIDE && plan.height <= MAX_SIDE && plan.megapixels <= MAX_MEGAPIXELS) return null
  const w = suggestedCellWidth(plan, cellWidth, MAX_MEGAPIXELS, replan)
  const how = w
    ? `Set the tile width to ${w} px or less, or export fewer rows or columns.`
    : 'Export fewer rows or columns (split the grid into pages).'
  return `This grid image would be ${int(plan.width)} × ${int(plan.height)} pixels, larger than an image file can reliably hold (at most ${int(MAX_SIDE)} pixels a side and ${MAX_MEGAPIXELS} megapixels). ${how}`
}

/** The question the UI asks before a very large image (the user may go on with confirmLarge), or null. */
export function largeWarningOf(plan: GridImagePlan, cellWidth: number, replan: Replan): string | null {
  if (plan.megapixels <= LARGE_MEGAPIXELS) return null
  const w = suggestedCellWidth(plan, cellWidth, LARGE_MEGAPIXELS, replan)
  const how = w ? ` A tile width of ${w} px would keep it under ${LARGE_MEGAPIXELS} megapixels.` : ''
  return `This grid image will be ${int(plan.width)} × ${int(plan.height)} pixels (${Math.round(plan.megapixels)} megapixels, about ${humanBytes(estimateBytes(plan))} as PNG); large images are slow to make and to open.${how}`
}
