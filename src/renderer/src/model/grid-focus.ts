/**
 * Keyboard focus and sizing of the grid, as pure arithmetic over the tile matrix (model/grid-model.ts
 * tileMatrix: sections × rows × columns of cell ids or null).
 */

export type Arrow = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight'

export interface FocusPos {
  section: number
  row: number
  col: number
}

export function findTile(matrix: readonly (readonly (string | null)[])[][], cellId: string): FocusPos | null {
  for (let s = 0; s < matrix.length; s++) {
    const rows = matrix[s]!
    for (let r = 0; r < rows.length; r++) {
      const col = rows[r]!.indexOf(cellId)
      if (col !== -1) return { section: s, row: r, col }
    }
  }
  return null
}

/** The first tile with a cell, reading order: where focus lands when the grid gets it. */
export function firstTile(matrix: readonly (readonly (string | null)[])[][]): string | null {
  for (const rows of matrix) for (const line of rows) for (const id of line) if (id) return id
  return null
}

/**
 * The cell an arrow moves focus to: the next tile that has a cell in that direction, skipping empty slots, and
 * crossing into the next or previous section (rows grouped by style set) going down or up. At an edge focus
 * stays, so holding a key never wraps around.
 */
export function moveFocus(matrix: readonly (readonly (string | null)[])[][], cellId: string, arrow: Arrow): string {
  const at = findTile(matrix, cellId)
  if (!at) return firstTile(matrix) ?? cellId
  if (arrow === 'ArrowLeft' || arrow === 'ArrowRight') {
    const line = matrix[at.section]![at.row]!
    const step = arrow === 'ArrowRight' ? 1 : -1
    for (let c = at.col + step; c >= 0 && c < line.length; c += step) if (line[c]) return line[c]!
    return cellId
  }
  // Up and down walk the rows of every section as one list, keeping the column (clamped to a narrower section).
  const flat: (readonly (string | null)[])[] = []
  let index = -1
  matrix.forEach((rows, s) =>
    rows.forEach((line, r) => {
      if (s === at.section && r === at.row) index = flat.length
      flat.push(line)
    }),
  )
  const step = arrow === 'ArrowDown' ? 1 : -1
  for (let i = index + step; i >= 0 && i < flat.length; i += step) {
    const line = flat[i]!
    const id = line[Math.min(at.col, line.length - 1)]
    if (id) return id
  }
  return cellId
}

/** Fixed sizes of the grid's chrome, shared by the view and the fit arithmetic. */
export const GRID_METRICS = {
  headerHeight: 64,
  rowPadding: 8,
  /** Gap between tiles of one slot (the third axis). */
  seedGap: 6,
  /** A slot's horizontal padding, both sides together. */
  slotPadding: 16,
  rowBorder: 1,
  rowHeaderWidth: 240,
  /** A narrower prompt column when fitting a grid to a small window. */
  compactRowHeaderWidth: 160,
  minTile: 48,
  maxTile: 600,
} as const

export interface FitInput {
  /** The grid's visible box, in CSS pixels. */
  width: number
  height: number
  rowHeaderWidth: number
  /** Per section: its header rows and columns (slots, not tiles). */
  sections: readonly { rows: number; cols: number }[]
  /** Tiles per slot, down and across (the third axis). */
  down: number
  across: number
  /** Image height over width. */
  aspect: number
}

/**
 * The largest tile width at which every section, header and tile is inside the box, clamped to a usable
 * minimum (a grid too big to fit then scrolls, at the smallest size).
 */
export function fitTileWidth(input: FitInput): number {
  const m = GRID_METRICS
  const cols = Math.max(1, ...input.sections.map((s) => s.cols))
  const rows = input.sections.reduce((n, s) => n + s.rows, 0)
  const heads = input.sections.length * m.headerHeight
  // Width: row header + cols × (across tiles + gaps between them + slot padding).
  const byWidth =
    (input.width - input.rowHeaderWidth - cols * (m.slotPadding + (input.across - 1) * m.seedGap)) /
    (cols * input.across)
  // Height: headers + rows × (down tiles + gaps + padding + border).
  const rowChrome = 2 * m.rowPadding + m.rowBorder + (input.down - 1) * m.seedGap
  const tileHeight = (input.height - heads - rows * rowChrome) / Math.max(1, rows * input.down)
  const byHeight = tileHeight / input.aspect
  const fit = Math.floor(Math.min(byWidth, byHeight))
  return Math.max(m.minTile, Math.min(m.maxTile, fit))
}
