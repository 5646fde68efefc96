import { describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { compareItemsOf, differingLabels } from '../../../src/renderer/src/model/compare-labels'
import {
  FIT_VIEW,
  MAX_SCALE,
  clampView,
  clampWipe,
  panBy,
  viewTransform,
  wipeAfterKey,
  wipeClip,
  zoomAbout,
} from '../../../src/renderer/src/model/compare-view'
import { STYLE_A, STYLE_B, STYLE_C, cellOf } from './cells'

describe('differing labels', () => {
  it('are empty when only the style differs (same prompt, seed and settings)', () => {
    const cells = [STYLE_A, STYLE_B, STYLE_C].map((styleId) => cellOf({ promptIndex: 0, styleId, withImage: true }))
    expect(differingLabels(cells)).toEqual(['', '', ''])
  })

  it('name only the parameters that differ, in a fixed order', () => {
    const a = cellOf({ promptIndex: 0, styleId: STYLE_A, seedIndex: 0 })
    const b = cellOf({ promptIndex: 0, styleId: STYLE_B, seedIndex: 1 })
    b.params = { ...b.params, style_strength: 0.6 }
    expect(differingLabels([a, b])).toEqual(['seed 100 · strength 1.00', 'seed 101 · strength 0.60'])
  })

  it('prefer the seed the server reported over the requested one', () => {
    const a = cellOf({ promptIndex: 0, styleId: STYLE_A, withImage: true })
    const b = cellOf({ promptIndex: 0, styleId: STYLE_B, withImage: true })
    b.image = { ...b.image!, seed: 7 }
    expect(differingLabels([a, b])).toEqual([`seed ${a.image!.seed ?? 100}`, 'seed 7'])
  })

  it('show differing prompts clamped, and sizes as a person reads them', () => {
    const a = cellOf({ promptIndex: 0, styleId: STYLE_A })
    const b = cellOf({ promptIndex: 1, styleId: STYLE_A })
    b.params = {
      ...b.params,
      prompt: 'a very long prompt about a lighthouse keeper at dawn',
      width_and_height: '1536x1536',
    }
    const [la, lb] = differingLabels([a, b])
    expect(la).toBe('1536×2048 (3:4) · prompt “prompt 0”')
    expect(lb).toBe('1536×1536 (1:1) · prompt “a very long prompt about a ligh…”')
  })

  it('make compare items with the style name and the image to draw', () => {
    const cells = [
      cellOf({ promptIndex: 0, styleId: STYLE_A, withImage: true }),
      cellOf({ promptIndex: 0, styleId: STYLE_B }),
    ]
    const items = compareItemsOf(cells)
    expect(items.map((i) => i.styleName)).toEqual([SOUL_STYLES[0]!.name, SOUL_STYLES[1]!.name])
    expect(items[0]!.imageId).toBe(cells[0]!.image!.id)
    expect(items[1]!.imageId).toBeNull()
  })
})

describe('wipe', () => {
  it('clamps to 0–100 and rounds to a tenth', () => {
    expect(clampWipe(-5)).toBe(0)
    expect(clampWipe(140)).toBe(100)
    expect(clampWipe(33.333)).toBe(33.3)
    expect(clampWipe(Number.NaN)).toBe(50)
  })

  it('moves with the arrow keys (Shift for big steps) and stops at the edges', () => {
    expect(wipeAfterKey(50, 'ArrowLeft', false)).toBe(48)
    expect(wipeAfterKey(50, 'ArrowRight', true)).toBe(60)
    expect(wipeAfterKey(99, 'ArrowRight', true)).toBe(100)
    expect(wipeAfterKey(1, 'ArrowLeft', false)).toBe(0)
    expect(wipeAfterKey(40, 'Home', false)).toBe(0)
    expect(wipeAfterKey(40, 'End', false)).toBe(100)
    expect(wipeAfterKey(40, 'a', false)).toBeNull()
  })

  it('clips the left image from the right edge up to the divider', () => {
    expect(wipeClip(30)).toBe('inset(0 70.0% 0 0)')
    expect(wipeClip(100)).toBe('inset(0 0.0% 0 0)')
  })
})

describe('shared zoom and pan', () => {
  it('keeps the point under the pointer fixed while zooming', () => {
    const v = zoomAbout(FIT_VIEW, 2, 0.25, 0.75)
    expect(v.scale).toBe(2)
    // The image point under (0.25, 0.75) before: (0.25, 0.75); after: (px - x) / scale.
    expect((0.25 - v.x) / v.scale).toBeCloseTo(0.25)
    expect((0.75 - v.y) / v.scale).toBeCloseTo(0.75)
  })

  it('never zooms out past fitting nor in past the maximum', () => {
    expect(zoomAbout(FIT_VIEW, 0.5, 0.5, 0.5)).toEqual(FIT_VIEW)
    expect(zoomAbout({ scale: 7, x: -3, y: -3 }, 4, 0.5, 0.5).scale).toBe(MAX_SCALE)
  })

  it('pans only as far as the image still covers the pane', () => {
    const zoomed = { scale: 2, x: -0.5, y: -0.5 }
    expect(panBy(zoomed, 0.3, -0.2)).toEqual({ scale: 2, x: -0.2, y: -0.7 })
    expect(panBy(zoomed, 5, -5)).toEqual({ scale: 2, x: 0, y: -1 })
    expect(panBy(FIT_VIEW, 0.4, 0.4)).toEqual(FIT_VIEW)
    expect(clampView({ scale: 0.2, x: 3, y: 3 })).toEqual(FIT_VIEW)
  })

  it('writes a CSS transform in percent of the pane', () => {
    expect(viewTransform({ scale: 2, x: -0.5, y: -0.25 })).toBe('translate(-50.000%, -25.000%) scale(2.0000)')
  })
})
