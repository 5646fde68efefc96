import { describe, expect, it } from 'vitest'
import { SEED_MAX } from '@shared/catalog'
import { MatrixSchema } from '@shared/domain'
import { cellCount, expandMatrix, seedCount } from '@shared/domain/matrix'
import { MAX_SEED_LIST, parseSeedList } from '@shared/domain/seed-list'

function listMatrix(seeds: number[], extra: Record<string, unknown> = {}) {
  return MatrixSchema.parse({
    prompts: [{ prompt: 'a lighthouse' }, { prompt: 'a fox in snow' }],
    styleIds: extra.styleIds,
    seeds: { mode: 'list', seeds },
    width_and_height: '1152x1536',
    ...extra,
  })
}

describe('parseSeedList', () => {
  it('reads seeds separated by commas, spaces, semicolons or bars, in the order given', () => {
    expect(parseSeedList('7, 42, 1234')).toEqual([7, 42, 1234])
    expect(parseSeedList(' 7 42;1234|9 ')).toEqual([7, 42, 1234, 9])
    expect(parseSeedList('+5')).toEqual([5])
  })

  it('names the bad seed by its place and says the range, in words', () => {
    expect(parseSeedList('7, 42, -5')).toBe('Seed 3 is -5; seeds are whole numbers from 1 to 1,000,000.')
    expect(parseSeedList('7, 4.5')).toBe('Seed 2 is 4.5; seeds are whole numbers from 1 to 1,000,000.')
    expect(parseSeedList('abc')).toBe('Seed 1 is abc; seeds are whole numbers from 1 to 1,000,000.')
    expect(parseSeedList(String(SEED_MAX + 1))).toMatch(/^Seed 1 is 1000001; /)
    expect(parseSeedList('0')).toMatch(/^Seed 1 is 0; /)
  })

  it('refuses an empty list, a repeated seed and a list that is too long', () => {
    expect(parseSeedList('  , ')).toBe('List at least one seed, like 7, 42, 1234.')
    expect(parseSeedList('7, 42, 7')).toBe('Seed 3 (7) repeats seed 1; list each seed once.')
    const many = Array.from({ length: MAX_SEED_LIST + 1 }, (_, i) => i + 1).join(',')
    expect(parseSeedList(many)).toBe(`That is 17 seeds; a seed list has at most ${MAX_SEED_LIST}.`)
  })
})

describe('a fixed seed list in the matrix', () => {
  const styleIds = MatrixSchema.shape.styleIds.element.options.slice(0, 3)

  it('generates every prompt x style once per listed seed, the same seeds in every row and style', () => {
    const m = listMatrix([7, 42, 1234], { styleIds })
    const cells = expandMatrix(m, () => 0.5)
    expect(seedCount(m)).toBe(3)
    expect(cellCount(m)).toBe(2 * 3 * 3)
    expect(cells).toHaveLength(18)
    for (const c of cells) expect(c.params.seed).toBe([7, 42, 1234][c.seedIndex])
    // Grid order: prompt, then seed, then style.
    expect(cells.slice(0, 4).map((c) => [c.promptIndex, c.seedIndex, c.styleId])).toEqual([
      [0, 0, styleIds[0]],
      [0, 0, styleIds[1]],
      [0, 0, styleIds[2]],
      [0, 1, styleIds[0]],
    ])
  })

  it('a row\'s own seed list (a CSV "7|42" cell) wins for that row only', () => {
    const m = MatrixSchema.parse({
      prompts: [{ prompt: 'own list', seeds: [5, 6] }, { prompt: 'batch list' }],
      styleIds: styleIds.slice(0, 2),
      seeds: { mode: 'list', seeds: [7, 42, 1234] },
      width_and_height: '1152x1536',
    })
    const cells = expandMatrix(m)
    expect(cellCount(m)).toBe(2 * 2 + 3 * 2)
    expect(cells.filter((c) => c.promptIndex === 0).map((c) => c.params.seed)).toEqual([5, 5, 6, 6])
    expect(cells.filter((c) => c.promptIndex === 1).map((c) => c.params.seed)).toEqual([7, 7, 42, 42, 1234, 1234])
  })

  it('the schema refuses a repeated seed, an empty list and seeds out of range, in words', () => {
    const issue = (seeds: number[]) => {
      const r = MatrixSchema.safeParse({
        prompts: [{ prompt: 'x' }],
        styleIds: styleIds.slice(0, 1),
        seeds: { mode: 'list', seeds },
        width_and_height: '1152x1536',
      })
      return r.success ? null : r.error.issues[0]!.message
    }
    expect(issue([7, 7])).toBe('list each seed once')
    expect(issue([])).toBe('list at least one seed')
    expect(issue([-5])).toBe('seeds are whole numbers from 1 to 1000000')
    expect(issue([7, 42])).toBeNull()
  })
})
