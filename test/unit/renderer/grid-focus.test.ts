import { describe, expect, it } from 'vitest'
import { GRID_METRICS, fitTileWidth, moveFocus } from '../../../src/renderer/src/model/grid-focus'

// Two sections: a 2 × 3 one with an empty slot, and a 1 × 2 one under it.
const matrix = [
  [
    ['a', 'b', 'c'],
    ['d', null, 'f'],
  ],
  [['g', 'h']],
]

describe('arrow keys between cells', () => {
  it('move right and left along a row, stopping at the edges', () => {
    expect(moveFocus(matrix, 'a', 'ArrowRight')).toBe('b')
    expect(moveFocus(matrix, 'c', 'ArrowRight')).toBe('c')
    expect(moveFocus(matrix, 'a', 'ArrowLeft')).toBe('a')
  })

  it('skip empty slots', () => {
    expect(moveFocus(matrix, 'd', 'ArrowRight')).toBe('f')
    expect(moveFocus(matrix, 'b', 'ArrowDown')).toBe('h')
  })

  it('cross into the next section going down, clamping the column to its width, and back up', () => {
    expect(moveFocus(matrix, 'f', 'ArrowDown')).toBe('h')
    expect(moveFocus(matrix, 'g', 'ArrowUp')).toBe('d')
    expect(moveFocus(matrix, 'g', 'ArrowDown')).toBe('g')
  })

  it('a focus that left the grid lands on its first cell', () => {
    expect(moveFocus(matrix, 'gone', 'ArrowDown')).toBe('a')
  })
})

describe('fit to window', () => {
  const base = {
    rowHeaderWidth: GRID_METRICS.rowHeaderWidth,
    sections: [{ rows: 3, cols: 4 }],
    down: 1,
    across: 1,
    aspect: 4 / 3,
  }

  it('a 3 × 4 grid of 3:4 portraits fits its box by height at 1440x900', () => {
    const box = { width: 1100, height: 640 }
    const w = fitTileWidth({ ...base, ...box })
    const m = GRID_METRICS
    const height = m.headerHeight + 3 * (Math.round(w * base.aspect) + 2 * m.rowPadding + m.rowBorder)
    const width = base.rowHeaderWidth + 4 * (w + m.slotPadding)
    expect(height).toBeLessThanOrEqual(box.height)
    expect(width).toBeLessThanOrEqual(box.width)
    // And not needlessly small: one pixel more would overflow the height.
    const bigger = m.headerHeight + 3 * ((w + 2) * base.aspect + 2 * m.rowPadding + m.rowBorder)
    expect(bigger).toBeGreaterThan(box.height)
  })

  it('is bounded by width in a narrow box, and counts sub-columns and sections', () => {
    const w = fitTileWidth({
      ...base,
      width: 1000,
      height: 5000,
      across: 2,
      sections: [
        { rows: 1, cols: 4 },
        { rows: 1, cols: 2 },
      ],
    })
    const m = GRID_METRICS
    expect(base.rowHeaderWidth + 4 * (2 * w + m.seedGap + m.slotPadding)).toBeLessThanOrEqual(1000)
    expect(base.rowHeaderWidth + 4 * (2 * (w + 1) + m.seedGap + m.slotPadding)).toBeGreaterThan(1000)
  })

  it('never goes below a usable minimum (the grid then scrolls)', () => {
    expect(fitTileWidth({ ...base, width: 300, height: 200, sections: [{ rows: 40, cols: 10 }] })).toBe(
      GRID_METRICS.minTile,
    )
  })
})
