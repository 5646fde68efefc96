import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import type { CallResult } from '@shared/contracts/bridge'
import { dispatch } from '../../../src/main/server/dispatch'
import { matrix, readDb, rig, STYLE_A, type Rig } from './helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

const ALL_STYLES = SOUL_STYLES.map((s) => s.id)

/** The request from the issue: 10,000 prompts x 10 styles x 16 seeds = 1.6 M cells, about 209 KB of JSON. */
function hugeRequest(): { matrix: object } {
  return {
    matrix: {
      prompts: Array.from({ length: 10_000 }, (_, i) => ({ prompt: `p${i}` })),
      styleIds: ALL_STYLES,
      seeds: { mode: 'shared', count: 16 },
      width_and_height: '1152x1536',
    },
  }
}

/** 9,091 prompts x 1 style x 11 seeds = 100,001 cells: one over the limit. */
function oneOverRequest(): { matrix: object } {
  return {
    matrix: {
      prompts: Array.from({ length: 9091 }, (_, i) => ({ prompt: `over ${i}` })),
      styleIds: [STYLE_A],
      seeds: { mode: 'shared', count: 11 },
      width_and_height: '1152x1536',
    },
  }
}

const call = (name: string, input: unknown): Promise<CallResult<unknown>> =>
  dispatch(r!.core, name, input, { host: 'browser' })

function written(home: string): { batches: number; cells: number } {
  return readDb(home, (db) => ({
    batches: (db.prepare('SELECT COUNT(*) AS n FROM batches').get() as { n: number }).n,
    cells: (db.prepare('SELECT COUNT(*) AS n FROM cells').get() as { n: number }).n,
  }))
}

describe('the batch-size limit', () => {
  it('refuses 1.6 M and 100,001 cells in estimate and create with one sentence, and writes nothing', async () => {
    r = await rig('limit-refused', {}, { autoStart: false })
    const dbFile = join(r.home, 'soul-batch.db')
    const sizeBefore = statSync(dbFile).size
    const before = written(r.home)

    const started = performance.now()
    const huge = await call('batch.create', hugeRequest())
    const hugeMs = performance.now() - started
    expect(huge).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'This batch would have 1,600,000 images; the limit is 100,000 per batch.' },
    })
    // For the report, not a timed assertion: how long the refusal of the 209 KB request took.
    console.info(`[batch-limits] 1.6 M-cell batch.create refused in ${hugeMs.toFixed(1)} ms`)

    for (const name of ['batch.estimate', 'batch.create']) {
      const t0 = performance.now()
      const over = await call(name, oneOverRequest())
      console.info(`[batch-limits] 100,001-cell ${name} refused in ${(performance.now() - t0).toFixed(1)} ms`)
      expect(over).toEqual({
        ok: false,
        error: { kind: 'validation', message: 'This batch would have 100,001 images; the limit is 100,000 per batch.' },
      })
    }
    expect(written(r.home)).toEqual(before)
    expect(before).toEqual({ batches: 0, cells: 0 })
    expect(statSync(dbFile).size).toBe(sizeBefore)
    expect(await r.core.handlers['batch.list']({})).toEqual([])
  })

  it('a setting lowers the limit; csv.parse refuses an import that would go over it with the same sentence', async () => {
    r = await rig('limit-setting', {}, { autoStart: false })
    const m = matrix(['one', 'two', 'three']) // 3 prompts x 2 styles = 6 cells
    await r.core.handlers['settings.update']({ maxCellsPerBatch: 5 })
    expect(await call('batch.estimate', { matrix: m })).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'This batch would have 6 images; the limit is 5 per batch.' },
    })
    expect((await call('batch.create', { matrix: m })).ok).toBe(false)
    expect(written(r.home)).toEqual({ batches: 0, cells: 0 })
    // A setting above the hard cap is refused by the contract, in words.
    const tooHigh = await call('settings.update', { maxCellsPerBatch: 1_000_000 })
    expect(tooHigh.ok).toBe(false)

    const csv = `prompt\n${['a', 'b', 'c'].join('\n')}\n`
    expect(await call('csv.parse', { text: csv, forBatch: { styleCount: 2, seedCount: 1 } })).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'This batch would have 6 images; the limit is 5 per batch.' },
    })
    const fits = await call('csv.parse', { text: csv, forBatch: { styleCount: 1, seedCount: 1 } })
    expect(fits.ok && (fits.data as { rows: unknown[] }).rows).toHaveLength(3)
    // A row's own styles count for that row.
    const rowStyles = `prompt,style\nx,${ALL_STYLES.slice(0, 6).join('|')}\n`
    const over = await call('csv.parse', { text: rowStyles, forBatch: { styleCount: 1, seedCount: 1 } })
    expect(over.ok ? null : over.error.message).toBe('This batch would have 6 images; the limit is 5 per batch.')
    await r.core.handlers['settings.update']({ maxCellsPerBatch: 6 })
    expect((await call('batch.create', { matrix: m })).ok).toBe(true)
  })

  it('the zod input caps list lengths: a row with more styles than exist is refused in words', async () => {
    r = await rig('limit-zod', {}, { autoStart: false })
    const bad = await call('batch.estimate', {
      matrix: {
        prompts: [{ prompt: 'x', styleIds: [...ALL_STYLES, ALL_STYLES[0]] }],
        styleIds: [STYLE_A],
        width_and_height: '1152x1536',
      },
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.error.kind).toBe('validation')
      expect(bad.error.message).not.toMatch(/`|ZodError|at \w+ \(/)
    }
  })
})
