import { describe, expect, it } from 'vitest'
import type { LibraryItem } from '@shared/contracts/library'
import { changeEffect, reloadDelay } from '../../../src/renderer/src/model/library-change'

const item = { id: 'a', starred: true } as LibraryItem

describe("what the gallery does with a 'library' event", () => {
  it('swaps marked images in place when the view does not depend on marks', () => {
    expect(changeEffect({ membership: false, marked: [item], moreMarked: false }, {}, 'newest')).toEqual({
      replace: [item],
      reload: false,
    })
  })

  it('re-reads when images came or went, when more were marked than the event holds, or when marks shape the view', () => {
    expect(changeEffect({ membership: true, marked: [], moreMarked: false }, {}, 'newest').reload).toBe(true)
    expect(changeEffect({ membership: false, marked: [], moreMarked: true }, {}, 'oldest').reload).toBe(true)
    const marked = { membership: false, marked: [item], moreMarked: false }
    expect(changeEffect(marked, { starred: true }, 'newest').reload).toBe(true)
    expect(changeEffect(marked, { minRating: 3 }, 'newest').reload).toBe(true)
    expect(changeEffect(marked, { tag: 'keeper' }, 'newest').reload).toBe(true)
    expect(changeEffect(marked, { text: 'fox' }, 'newest').reload).toBe(true)
    expect(changeEffect(marked, {}, 'rating').reload).toBe(true)
    expect(changeEffect(marked, { styleIds: ['s'] }, 'oldest').reload).toBe(false)
  })

  it('reloads at once after a quiet spell, else when the gap has passed', () => {
    expect(reloadDelay(10_000, 0, 1500)).toBe(0)
    expect(reloadDelay(10_000, 9_000, 1500)).toBe(500)
    expect(reloadDelay(10_000, 10_000, 1500)).toBe(1500)
  })
})
