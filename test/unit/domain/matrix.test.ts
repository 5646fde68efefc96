import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SEED_MAX, SEED_MIN, SOUL_SIZES, SOUL_STYLES } from '@shared/catalog'
import { MatrixSchema, SoulParamsSchema, type Matrix } from '@shared/domain'
import { fingerprintInSlices } from '../../../src/main/batch-creation'
import {
  canonicalJson,
  canonicalJsonPieces,
  cellCount,
  estimateMatrix,
  etaSeconds,
  expandMatrix,
  Fnv1a64,
  fnv1a64,
  imagesPerSecond,
  matrixFingerprint,
  seedCount,
} from '@shared/domain/matrix'

const styleIds = SOUL_STYLES.map((s) => s.id)

const matrixArb = fc
  .record({
    prompts: fc.array(
      fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0),
      { minLength: 1, maxLength: 6 },
    ),
    styles: fc.subarray(styleIds, { minLength: 1 }),
    seeds: fc.oneof(
      fc.record({ mode: fc.constant('shared' as const), count: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ mode: fc.constant('random' as const), count: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ mode: fc.constant('fixed' as const), seed: fc.integer({ min: SEED_MIN, max: SEED_MAX }) }),
      fc.record({
        mode: fc.constant('list' as const),
        seeds: fc.uniqueArray(fc.integer({ min: SEED_MIN, max: SEED_MAX }), { minLength: 1, maxLength: 5 }),
      }),
    ),
    size: fc.constantFrom(...SOUL_SIZES),
  })
  .map(({ prompts, styles, seeds, size }) =>
    MatrixSchema.parse({
      prompts: prompts.map((prompt) => ({ prompt })),
      styleIds: styles,
      seeds,
      width_and_height: size,
    }),
  )

function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

describe('expandMatrix', () => {
  it('cell count = prompts x styles x seeds, with unique (prompt, style, seed index) keys', () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        const cells = expandMatrix(m, seeded(1))
        const seeds = seedCount(m)
        expect(cells).toHaveLength(m.prompts.length * m.styleIds.length * seeds)
        expect(cellCount(m)).toBe(cells.length)
        expect(new Set(cells.map((c) => `${c.promptIndex}|${c.styleId}|${c.seedIndex}`)).size).toBe(cells.length)
      }),
    )
  })

  it('every cell is a valid request body with a seed in range', () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        for (const c of expandMatrix(m, seeded(2))) {
          expect(SoulParamsSchema.safeParse(c.params).success).toBe(true)
          expect(c.params.seed).toBeGreaterThanOrEqual(SEED_MIN)
          expect(c.params.seed).toBeLessThanOrEqual(SEED_MAX)
        }
      }),
    )
  })

  it("'shared' gives every style of a prompt row the same seed at each seed index (a fair A/B)", () => {
    fc.assert(
      fc.property(matrixArb, (m0) => {
        const m: Matrix = { ...m0, seeds: { mode: 'shared', count: 2 } }
        const cells = expandMatrix(m, Math.random)
        for (let p = 0; p < m.prompts.length; p++) {
          for (const s of [0, 1]) {
            const seeds = new Set(
              cells.filter((c) => c.promptIndex === p && c.seedIndex === s).map((c) => c.params.seed),
            )
            expect(seeds.size).toBe(1)
          }
        }
      }),
    )
  })

  it("'fixed' uses one seed everywhere; 'random' draws per cell", () => {
    const base = {
      prompts: [{ prompt: 'a' }, { prompt: 'b' }],
      styleIds: styleIds.slice(0, 3),
      width_and_height: '1536x2048',
    }
    const fixed = expandMatrix(MatrixSchema.parse({ ...base, seeds: { mode: 'fixed', seed: 1234 } }))
    expect(new Set(fixed.map((c) => c.params.seed))).toEqual(new Set([1234]))
    const random = expandMatrix(MatrixSchema.parse({ ...base, seeds: { mode: 'random', count: 1 } }), seeded(3))
    expect(new Set(random.map((c) => c.params.seed)).size).toBe(6)
  })

  it('a style listed twice is one cell, not a duplicate', () => {
    const m = MatrixSchema.parse({
      prompts: [{ prompt: 'a', styleIds: [styleIds[1], styleIds[1]] }],
      styleIds: [styleIds[0]],
      width_and_height: '1536x2048',
    })
    expect(expandMatrix(m).map((c) => c.styleId)).toEqual([styleIds[1]])
    expect(cellCount(m)).toBe(1)
  })

  it('row overrides win over the batch defaults', () => {
    const m = MatrixSchema.parse({
      prompts: [
        { prompt: 'plain' },
        {
          prompt: 'custom',
          styleIds: [styleIds[4]],
          seed: 999_999,
          width_and_height: '1536x1536',
          quality: '720p',
          style_strength: 0.3,
          enhance_prompt: true,
          image_url: 'https://example.com/a.png',
        },
      ],
      styleIds: styleIds.slice(0, 2),
      seeds: { mode: 'shared', count: 2 },
      width_and_height: '1536x2048',
      quality: '1080p',
    })
    const cells = expandMatrix(m, seeded(4))
    const custom = cells.filter((c) => c.promptIndex === 1)
    expect(custom.map((c) => c.styleId)).toEqual([styleIds[4], styleIds[4]])
    expect(custom.map((c) => c.params.seed)).toEqual([999_999, 1_000_000])
    expect(custom[0]!.params).toMatchObject({
      width_and_height: '1536x1536',
      quality: '720p',
      style_strength: 0.3,
      enhance_prompt: true,
      image_url: 'https://example.com/a.png',
    })
    const plain = cells.filter((c) => c.promptIndex === 0)
    expect(plain).toHaveLength(4)
    expect(plain[0]!.params).toMatchObject({
      width_and_height: '1536x2048',
      quality: '1080p',
      style_strength: 1,
      enhance_prompt: false,
    })
    expect(plain[0]!.params.image_url).toBeUndefined()
  })
})

describe('matrixFingerprint', () => {
  it('does not depend on key order and changes with content', () => {
    fc.assert(
      fc.property(matrixArb, (m) => {
        const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(m).reverse()))) as Matrix
        expect(matrixFingerprint(reordered)).toBe(matrixFingerprint(m))
        const changed = { ...m, prompts: [...m.prompts, { prompt: 'one more' }] }
        expect(matrixFingerprint(changed)).not.toBe(matrixFingerprint(m))
      }),
    )
  })

  it('is 64-bit FNV-1a (known vectors)', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325')
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c')
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}')
  })

  it('gives the digits of the BigInt definition for any text (fingerprints stored by older versions still match)', () => {
    const reference = (text: string): string => {
      let h = 0xcbf29ce484222325n
      for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn
      return h.toString(16).padStart(16, '0')
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(fnv1a64(text)).toBe(reference(text))
      }),
      { numRuns: 500 },
    )
    expect(fnv1a64('soul batch '.repeat(10_000))).toBe(reference('soul batch '.repeat(10_000)))
  })

  it('in pieces: the pieces make up the canonical JSON exactly, and hashing them gives the same digits', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 40 }), (value, text) => {
        const withOdd = { z: value, a: [value, undefined, { y: undefined, x: text }], [text]: [text, [value]] }
        for (const v of [value, withOdd]) {
          const pieces = [...canonicalJsonPieces(v)]
          expect(pieces.join('')).toBe(canonicalJson(v))
          const hash = new Fnv1a64()
          for (const piece of pieces) hash.update(piece)
          expect(hash.digest()).toBe(fnv1a64(canonicalJson(v)))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('hashed in slices, a 10 000-prompt matrix keeps the fingerprint older versions stored', async () => {
    const big: Matrix = MatrixSchema.parse({
      prompts: Array.from({ length: 10_000 }, (_, i) => ({ prompt: `csv prompt ${i} — ünïcode 🎨` })),
      styleIds: styleIds.slice(0, 1),
      width_and_height: '1152x1536',
      quality: '720p',
    })
    expect(await fingerprintInSlices(big)).toBe(matrixFingerprint(big))
    fc.assert(
      fc.asyncProperty(matrixArb, async (m) => {
        expect(await fingerprintInSlices(m)).toBe(matrixFingerprint(m))
      }),
      { numRuns: 50 },
    )
  })
})

describe('estimates', () => {
  const m = MatrixSchema.parse({
    prompts: [{ prompt: 'a' }, { prompt: 'b' }],
    styleIds: styleIds.slice(0, 5),
    width_and_height: '1536x2048',
  })

  it('cost and requests follow the cell count', () => {
    const e = estimateMatrix(m, { rpm: 50, concurrency: 8, getsCountTowardRpm: true, mode: 'async' })
    expect(e.cells).toBe(10)
    expect(e.cost).toBeCloseTo(2.175)
    expect(e.requests).toBe(35)
    expect(estimateMatrix(m, { rpm: 50, concurrency: 8, getsCountTowardRpm: true, mode: 'sync' }).requests).toBe(10)
  })

  it('time is bound by the tighter of budget and concurrency', () => {
    // free plan: 5 rpm / 3.5 requests per image = 1.43 images a minute
    expect(imagesPerSecond({ rpm: 5, concurrency: 8, getsCountTowardRpm: true, mode: 'async' })).toBeCloseTo(
      5 / 60 / 3.5,
    )
    // generous budget: 8 in flight / 40 s
    expect(imagesPerSecond({ rpm: 10_000, concurrency: 8, getsCountTowardRpm: true, mode: 'async' })).toBeCloseTo(0.2)
    const slow = estimateMatrix(m, { rpm: 5, concurrency: 8, getsCountTowardRpm: true, mode: 'async' })
    const fast = estimateMatrix(m, { rpm: 50, concurrency: 8, getsCountTowardRpm: true, mode: 'async' })
    expect(slow.seconds).toBeGreaterThan(fast.seconds)
  })

  it('eta prefers the observed rate', () => {
    const input = { rpm: 50, concurrency: 8, getsCountTowardRpm: true, mode: 'async' as const }
    expect(etaSeconds(0, null, input)).toBe(0)
    expect(etaSeconds(100, 2, input)).toBe(50)
    expect(etaSeconds(10, null, input)).toBe(Math.ceil(10 / imagesPerSecond(input)))
  })
})
