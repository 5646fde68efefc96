import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ELLIPSIS, textWidth, wrapText } from '../../../src/main/grid-export/text-wrap'

describe('textWidth', () => {
  it('follows DejaVu Sans advance widths: m is wide, i narrow, bold wider, CJK a full em', () => {
    expect(textWidth('m', 20)).toBeCloseTo(19.48, 1)
    expect(textWidth('i', 20)).toBeCloseTo(5.56, 1)
    expect(textWidth('mmmm', 10)).toBeGreaterThan(textWidth('iiii', 10) * 3)
    expect(textWidth('Realistic', 16, true)).toBeGreaterThan(textWidth('Realistic', 16))
    expect(textWidth('猫', 20)).toBe(20)
    expect(textWidth('', 20)).toBe(0)
  })
})

describe('wrapText', () => {
  const o = { maxWidth: 120, fontSize: 14, maxLines: 10 }

  it('breaks between words so every line fits and no word is lost', () => {
    const text = 'a lighthouse at dusk, warm light, long exposure over a calm sea'
    const lines = wrapText(text, o)
    expect(lines.length).toBeGreaterThan(2)
    for (const l of lines) expect(textWidth(l, 14)).toBeLessThanOrEqual(120)
    expect(lines.join(' ')).toBe(text)
  })

  it('treats newlines and runs of spaces as one space; empty text has no lines', () => {
    expect(wrapText('a\n\nfox   in\tsnow', { ...o, maxWidth: 1000 })).toEqual(['a fox in snow'])
    expect(wrapText('   ', o)).toEqual([])
  })

  it('cuts a word wider than a line (a URL) into pieces that fit', () => {
    const url = 'https://example.com/a/very/long/path/without/any/spaces/at/all'
    const lines = wrapText(url, o)
    expect(lines.length).toBeGreaterThan(2)
    for (const l of lines) expect(textWidth(l, 14)).toBeLessThanOrEqual(120)
    expect(lines.join('')).toBe(url)
  })

  it('clamps a long prompt after maxLines with an ellipsis that still fits', () => {
    const text = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ')
    const lines = wrapText(text, { ...o, maxLines: 3 })
    expect(lines).toHaveLength(3)
    expect(lines[2]!.endsWith(ELLIPSIS)).toBe(true)
    expect(textWidth(lines[2]!, 14)).toBeLessThanOrEqual(120)
    // Text that fits exactly in maxLines gets no ellipsis.
    const fits = wrapText('one two', { ...o, maxLines: 1 })
    expect(fits).toEqual(['one two'])
  })

  it('never exceeds maxLines or the width, for any text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 40, max: 400 }),
        (text, maxLines, maxWidth) => {
          const lines = wrapText(text, { maxWidth, fontSize: 14, maxLines })
          expect(lines.length).toBeLessThanOrEqual(maxLines)
          // A single glyph wider than the line is the only thing allowed to overflow.
          for (const l of lines)
            if (Array.from(l).length > 1) expect(textWidth(l, 14)).toBeLessThanOrEqual(maxWidth + 0.001)
        },
      ),
      { numRuns: 300 },
    )
  })
})
