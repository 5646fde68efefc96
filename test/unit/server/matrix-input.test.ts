import { describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { CreateBatchInputSchema } from '@shared/contracts'
import { dispatch } from '../../../src/main/server/dispatch'
import {
  isBigMatrixInput,
  nextSliceRows,
  parseBigMatrixInput,
  SLICED_ABOVE,
} from '../../../src/main/server/matrix-input'

const style = SOUL_STYLES[0]!.id
function input(n: number, row: (i: number) => Record<string, unknown> = (i) => ({ prompt: ` prompt ${i} ` })) {
  return {
    name: 'big',
    matrix: { prompts: Array.from({ length: n }, (_, i) => row(i)), styleIds: [style], width_and_height: '1152x1536' },
  }
}

describe('a big matrix is validated in slices, with the answer of one parse', () => {
  it('only create/estimate inputs above a slice of prompts take the sliced path', () => {
    expect(isBigMatrixInput(CreateBatchInputSchema, input(SLICED_ABOVE + 1))).toBe(true)
    expect(isBigMatrixInput(CreateBatchInputSchema, input(SLICED_ABOVE))).toBe(false)
    expect(isBigMatrixInput(CreateBatchInputSchema, { matrix: { prompts: 'x' } })).toBe(false)
    expect(isBigMatrixInput(CreateBatchInputSchema, null)).toBe(false)
  })

  it('sizes each slice from the rate of the last: small while zod is cold, bounded when it is fast', () => {
    // Cold: 100 rows took 20 ms, so the next slice is the floor (a fixed 1 000 rows would take ~200 ms at that rate).
    expect(nextSliceRows(100, 20)).toBe(50)
    // Warm: 100 rows in 0.3 ms -> ~6 ms worth.
    expect(nextSliceRows(100, 0.3)).toBe(2000)
    expect(nextSliceRows(2000, 0)).toBe(4000)
    expect(nextSliceRows(1000, 6)).toBe(1000)
  })

  it('gives the same data as one parse (trimmed prompts, defaults filled), letting the loop turn between slices', async () => {
    const raw = input(2500, (i) => ({ prompt: ` prompt ${i} `, ...(i % 7 === 0 ? { seed: 1000 + i } : {}) }))
    let turns = 0
    let counting = true
    const count = (): void => {
      if (!counting) return
      turns++
      setImmediate(count)
    }
    setImmediate(count)
    const sliced = await parseBigMatrixInput(raw)
    counting = false
    expect(sliced.success).toBe(true)
    expect(sliced.success && sliced.data).toEqual(CreateBatchInputSchema.parse(raw))
    expect(turns).toBeGreaterThanOrEqual(2)
  })

  it('reports every bad row with its full path, in row order, as one parse does', async () => {
    const raw = input(2500, (i) => ({
      prompt: i === 5 || i === 2345 ? '   ' : `p ${i}`,
      ...(i === 1500 ? { seed: -3 } : {}),
    }))
    const sliced = await parseBigMatrixInput(raw)
    const whole = CreateBatchInputSchema.safeParse(raw)
    expect(sliced.success).toBe(false)
    expect(whole.success).toBe(false)
    const paths = (r: typeof sliced | typeof whole) => (r.success ? [] : r.error.issues.map((i) => i.path.join('.')))
    expect(paths(sliced)).toEqual(paths(whole))
    expect(paths(sliced)).toEqual(['matrix.prompts.5.prompt', 'matrix.prompts.1500.seed', 'matrix.prompts.2345.prompt'])
  })

  it('with bad rows and a bad field outside them, every problem is reported, as one parse does', async () => {
    const bad = input(2500, (i) => ({ prompt: i === 5 || i === 2100 ? '' : `p ${i}` }))
    const raw = { ...bad, matrix: { ...bad.matrix, styleIds: [] } }
    const sliced = await parseBigMatrixInput(raw)
    const whole = CreateBatchInputSchema.safeParse(raw)
    expect(sliced.success || sliced.error.issues).toEqual(whole.success || whole.error.issues)
    expect(sliced.success || sliced.error.issues.length).toBe(3)
  })

  it('refuses what is wrong outside the rows, and more than 10 000 rows, before reading any row', async () => {
    const noStyles = { ...input(1500), matrix: { ...input(1500).matrix, styleIds: [] } }
    const r1 = await parseBigMatrixInput(noStyles)
    expect(r1.success || r1.error.issues.map((i) => i.path.join('.'))).toEqual(['matrix.styleIds'])
    const r2 = await parseBigMatrixInput(input(10_001))
    expect(r2.success || r2.error.issues.map((i) => i.path.join('.'))).toEqual(['matrix.prompts'])
  })

  it('through the dispatcher, a bad row is a sentence naming the row', async () => {
    let called = false
    const core = {
      handlers: { 'batch.estimate': () => ((called = true), {}) },
      redact: (t: string) => t,
    } as unknown as Parameters<typeof dispatch>[0]
    const raw = input(3000, (i) => ({ prompt: i === 2999 ? '' : `p ${i}` }))
    const answer = await dispatch(core, 'batch.estimate', raw, { host: 'browser' })
    expect(called).toBe(false)
    expect(answer.ok).toBe(false)
    expect(!answer.ok && answer.error.message).toBe('matrix.prompts[2999].prompt: prompt is empty')
  })
})
