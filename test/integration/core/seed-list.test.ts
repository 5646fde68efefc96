import { afterEach, describe, expect, it } from 'vitest'
import { MatrixSchema } from '@shared/domain'
import { expandMatrix } from '@shared/domain/matrix'
import { dispatch } from '../../../src/main/server/dispatch'
import { matrix, rig, STYLE_A, STYLE_B, type Rig } from './helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

const LIST: { mode: 'list'; seeds: number[] } = { mode: 'list', seeds: [7, 42, 1234] }

describe('a fixed seed list (real core, real SQLite, the demo simulator)', () => {
  it('the estimate counts each prompt x style once per listed seed, through the same call the compose page makes', async () => {
    r = await rig('seed-list-estimate', {}, { autoStart: false })
    const m = matrix(['list one', 'list two'], [STYLE_A, STYLE_B], { seeds: LIST })
    const est = await dispatch(r.core, 'batch.estimate', { matrix: m }, { host: 'browser' })
    expect(est).toMatchObject({ ok: true, data: { cells: 2 * 2 * 3 } })
    const { cost, pricePerImage } = (est as { data: { cost: number; pricePerImage: number } }).data
    expect(cost).toBeCloseTo(12 * pricePerImage, 4)
    // A bad list is refused with words a person uses, naming the field.
    const repeated = await dispatch(
      r.core,
      'batch.estimate',
      { matrix: { ...m, seeds: { mode: 'list', seeds: [7, 7] } } },
      { host: 'browser' },
    )
    expect(repeated).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect((repeated as { error: { message: string } }).error.message).toContain('list each seed once')
  })

  it('the batch stores the listed seeds in every row and style, and its CSV re-imports to the same cells', async () => {
    r = await rig('seed-list-batch', {}, { autoStart: false })
    const m = matrix(['list three', 'list four'], [STYLE_A, STYLE_B], { seeds: LIST })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: m })
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.cells).toHaveLength(12)
    for (const c of detail.cells) expect(c.params.seed).toBe(LIST.seeds[c.seedIndex])

    const file = await r.core.handlers['batch.exportCsv']({ batchId })
    expect(file.text).toContain('7|42|1234')
    const parsed = await r.core.handlers['csv.parse']({ text: file.text })
    expect(parsed.errors).toEqual([])
    // What the compose page builds from imported rows, whatever seed policy it has selected.
    const reimported = MatrixSchema.parse({ prompts: parsed.rows, styleIds: [STYLE_A], width_and_height: '1536x1536' })
    const cells = (x: typeof m) =>
      expandMatrix(x).map((c) => ({
        promptIndex: c.promptIndex,
        styleId: c.styleId,
        seedIndex: c.seedIndex,
        params: c.params,
      }))
    expect(cells(reimported)).toEqual(cells(m))
    const again = await dispatch(r.core, 'batch.estimate', { matrix: reimported }, { host: 'browser' })
    expect(again).toMatchObject({ ok: true, data: { cells: 12 } })
  })

  it('a CSV seed cell with a bad seed names the row, the column and the seed', async () => {
    r = await rig('seed-list-csv', {}, { autoStart: false })
    const parsed = await r.core.handlers['csv.parse']({ text: 'prompt,seed\na fox,7|42|-5\n' })
    expect(parsed.rows).toEqual([])
    expect(parsed.errors[0]).toMatchObject({ line: 2, column: 'seed' })
    expect(parsed.errors[0]!.message).toContain('seed 3 is -5; seeds are whole numbers from 1 to 1,000,000')
  })
})
