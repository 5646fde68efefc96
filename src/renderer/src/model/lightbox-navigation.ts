import type { GridLayout } from './grid-layout'
import { slotKey } from './grid-layout'

export type Direction = 'left' | 'right' | 'up' | 'down'

interface Position {
  line: number
  column: number
}

/** A "line" is one seed sub-row of one prompt: what the eye reads across when comparing styles. */
function lineCount(layout: GridLayout): number {
  return layout.rows.length * layout.seedCount
}

function cellAt(layout: GridLayout, line: number, column: number): string | undefined {
  const row = layout.rows[Math.floor(line / layout.seedCount)]
  const styleId = layout.columns[column]
  if (!row || styleId === undefined) return undefined
  return layout.slots.get(slotKey(row.promptIndex, styleId, line % layout.seedCount))
}

function positionOf(layout: GridLayout, cellId: string): Position | undefined {
  const lines = lineCount(layout)
  for (let line = 0; line < lines; line++) {
    for (let column = 0; column < layout.columns.length; column++) {
      if (cellAt(layout, line, column) === cellId) return { line, column }
    }
  }
  return undefined
}

/**
 * The next cell with an image from `cellId` in a direction. Left/right walk every image in reading order (so
 * the whole batch can be flipped through); up/down stay in the same style column. Returns `cellId` itself at
 * the edges, so a key press at the end is a no-op rather than a jump.
 */
export function nextImageCell(
  layout: GridLayout,
  cellId: string,
  direction: Direction,
  hasImage: (cellId: string) => boolean,
): string {
  const from = positionOf(layout, cellId)
  if (!from) return cellId
  const lines = lineCount(layout)
  const width = layout.columns.length
  if (direction === 'left' || direction === 'right') {
    const step = direction === 'right' ? 1 : -1
    for (let i = from.line * width + from.column + step; i >= 0 && i < lines * width; i += step) {
      const id = cellAt(layout, Math.floor(i / width), i % width)
      if (id !== undefined && hasImage(id)) return id
    }
    return cellId
  }
  const step = direction === 'down' ? 1 : -1
  for (let line = from.line + step; line >= 0 && line < lines; line += step) {
    const id = cellAt(layout, line, from.column)
    if (id !== undefined && hasImage(id)) return id
  }
  return cellId
}

/** "3 of 11": where the open image sits among the batch's images, in the order left/right walks them. */
export function imagePosition(
  layout: GridLayout,
  cellId: string,
  hasImage: (cellId: string) => boolean,
): { index: number; total: number } | null {
  let total = 0
  let index = -1
  for (let line = 0; line < lineCount(layout); line++) {
    for (let column = 0; column < layout.columns.length; column++) {
      const id = cellAt(layout, line, column)
      if (id === undefined || !hasImage(id)) continue
      if (id === cellId) index = total
      total++
    }
  }
  return index === -1 ? null : { index: index + 1, total }
}
