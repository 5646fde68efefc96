import { describe, expect, it } from 'vitest'
import { buildGridLayout, slotKey } from '../../../src/renderer/src/model/grid-layout'
import { imagePosition, nextImageCell } from '../../../src/renderer/src/model/lightbox-navigation'
import { STYLE_A, STYLE_B, STYLE_C, detailOf } from './cells'

describe('lightbox navigation', () => {
  // 2 prompts × 3 styles × 2 seeds; the middle style of prompt 0 seed 1 has no image yet.
  const detail = detailOf(
    ['p0', 'p1'],
    [STYLE_A, STYLE_B, STYLE_C],
    2,
    (c) => !(c.promptIndex === 0 && c.styleId === STYLE_B && c.seedIndex === 1),
  )
  const layout = buildGridLayout(detail)
  const withImage = new Set(detail.cells.filter((c) => c.image).map((c) => c.id))
  const has = (id: string): boolean => withImage.has(id)
  const at = (p: number, style: string, seed: number): string => layout.slots.get(slotKey(p, style, seed))!

  it('left and right walk images in reading order across lines', () => {
    expect(nextImageCell(layout, at(0, STYLE_A, 0), 'right', has)).toBe(at(0, STYLE_B, 0))
    expect(nextImageCell(layout, at(0, STYLE_C, 0), 'right', has)).toBe(at(0, STYLE_A, 1))
    // skips the cell without an image
    expect(nextImageCell(layout, at(0, STYLE_A, 1), 'right', has)).toBe(at(0, STYLE_C, 1))
    expect(nextImageCell(layout, at(0, STYLE_C, 1), 'left', has)).toBe(at(0, STYLE_A, 1))
  })

  it('up and down stay in the style column, through seeds then prompts', () => {
    expect(nextImageCell(layout, at(0, STYLE_A, 0), 'down', has)).toBe(at(0, STYLE_A, 1))
    expect(nextImageCell(layout, at(0, STYLE_A, 1), 'down', has)).toBe(at(1, STYLE_A, 0))
    expect(nextImageCell(layout, at(0, STYLE_B, 0), 'down', has)).toBe(at(1, STYLE_B, 0))
    expect(nextImageCell(layout, at(1, STYLE_B, 0), 'up', has)).toBe(at(0, STYLE_B, 0))
  })

  it('stays put at the edges and for unknown cells', () => {
    expect(nextImageCell(layout, at(0, STYLE_A, 0), 'left', has)).toBe(at(0, STYLE_A, 0))
    expect(nextImageCell(layout, at(0, STYLE_A, 0), 'up', has)).toBe(at(0, STYLE_A, 0))
    expect(nextImageCell(layout, at(1, STYLE_C, 1), 'right', has)).toBe(at(1, STYLE_C, 1))
    expect(nextImageCell(layout, 'nope', 'right', has)).toBe('nope')
  })

  it('numbers images in the order left and right walk them', () => {
    // 12 cells, one without an image: 11 images.
    expect(imagePosition(layout, at(0, STYLE_A, 0), has)).toEqual({ index: 1, total: 11 })
    expect(imagePosition(layout, at(0, STYLE_C, 1), has)).toEqual({ index: 5, total: 11 })
    expect(imagePosition(layout, at(1, STYLE_C, 1), has)).toEqual({ index: 11, total: 11 })
    expect(imagePosition(layout, at(0, STYLE_B, 1), has)).toBeNull()
  })
})
