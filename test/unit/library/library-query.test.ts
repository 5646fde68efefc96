import { describe, expect, it } from 'vitest'
import {
  decodeCursor,
  drivingIndex,
  encodeCursor,
  filterWhere,
  ftsQuery,
  pageQuery,
} from '../../../src/main/db/library-query'

describe('search text to FTS5 query', () => {
  it('makes every word a quoted prefix, so typing is never read as query syntax', () => {
    expect(ftsQuery('lighthouse dusk')).toBe('"lighthouse"* "dusk"*')
    expect(ftsQuery('  fox  ')).toBe('"fox"*')
    expect(ftsQuery('a OR b NOT c')).toBe('"a"* "OR"* "b"* "NOT"* "c"*')
    expect(ftsQuery('"unbalanced (paren* col:umn')).toBe('"unbalanced"* "paren"* "column"*')
    expect(ftsQuery('café Ünïcode 4242')).toBe('"café"* "Ünïcode"* "4242"*')
  })
  it('gives null when there is no word to look for', () => {
    for (const t of [undefined, '', '   ', '"()*', '- _']) expect(ftsQuery(t)).toBeNull()
  })
  it('caps a pasted paragraph at 16 words', () => {
    expect(ftsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))!.split(' ')).toHaveLength(16)
  })
})

describe('page cursors', () => {
  it('round-trip per sort and refuse a cursor of another sort, a forged one or garbage in words', () => {
    const c = encodeCursor('newest', [1_700_000_000_000, 'abc'])
    expect(decodeCursor('newest', c)).toEqual([1_700_000_000_000, 'abc'])
    expect(decodeCursor('rating', encodeCursor('rating', [4, 5, 'x']))).toEqual([4, 5, 'x'])
    expect(decodeCursor('newest', null)).toBeNull()
    expect(decodeCursor('newest', '')).toBeNull()
    for (const bad of [
      encodeCursor('oldest', [1, 'a']),
      Buffer.from('{"s":"newest","k":[1]}').toString('base64url'),
      Buffer.from('{"s":"newest","k":["1","a"]}').toString('base64url'),
      '%%%',
    ]) {
      expect(() => decodeCursor('newest', bad)).toThrow('The page position is not valid for this sort order')
    }
  })
})

describe('which index drives a page', () => {
  it('follows the sort first, then the most selective filter the index leads with', () => {
    expect(drivingIndex({}, 'newest')).toBe('images_live_created')
    expect(drivingIndex({ starred: true }, 'oldest')).toBe('images_live_starred')
    expect(drivingIndex({ starred: true, styleIds: ['s'] }, 'newest')).toBe('images_live_style')
    expect(drivingIndex({ styleIds: ['s', 't'] }, 'newest')).toBe('images_live_created')
    expect(drivingIndex({ batchId: 'b', styleIds: ['s'] }, 'newest')).toBe('images_live_batch')
    expect(drivingIndex({ batchId: 'b' }, 'rating')).toBe('images_live_rating')
    expect(drivingIndex({ trashed: true, batchId: 'b' }, 'newest')).toBe('images_trash_created')
    expect(drivingIndex({ trashed: true }, 'rating')).toBe('images_trash_rating')
  })
  it('binds every value as a parameter, never into the SQL text', () => {
    const q = pageQuery({ text: "x'; DROP TABLE images; --", tag: "t'", batchId: "b'" }, 'newest', null, 10)
    expect(q.sql).not.toContain('DROP')
    expect(q.params).toContain("b'")
    expect(filterWhere({ starred: false }, 'newest').params).toEqual([0])
  })
})
