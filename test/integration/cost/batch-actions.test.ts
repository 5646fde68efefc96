import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { expandMatrix } from '@shared/domain/matrix'
import { MatrixSchema } from '@shared/domain'
import { dispatch } from '../../../src/main/server/dispatch'
import { matrix, readDb, rig, STYLE_A, STYLE_B, type Rig } from '../core/helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

const trashed = (home: string, batchId: string): number =>
  readDb(
    home,
    (db) =>
      (
        db.prepare('SELECT COUNT(*) AS n FROM images WHERE batch_id = ? AND trashed_at IS NOT NULL').get(batchId) as {
          n: number
        }
      ).n,
  )

describe('batch management (real simulator, real SQLite)', () => {
  it('rename, notes, duplicate as a draft and re-run as a new batch', async () => {
    r = await rig('manage', {}, { autoStart: false })
    const m = matrix(['manage one', 'manage two'])
    const { batchId } = await r.core.handlers['batch.create']({ matrix: m, budgetCap: 3 })
    // Through the hosts' one dispatcher, as the UI calls it: the contract trims and words its refusals.
    const renamed = await dispatch(r.core, 'batch.rename', { batchId, name: '  Lighthouses  ' }, { host: 'browser' })
    expect(renamed).toMatchObject({ ok: true, data: { name: 'Lighthouses' } })
    const blank = await dispatch(r.core, 'batch.rename', { batchId, name: '   ' }, { host: 'browser' })
    expect(blank).toMatchObject({ ok: false, error: { kind: 'validation', message: 'name: Give the batch a name.' } })
    expect((await r.core.handlers['batch.setNotes']({ batchId, notes: 'warm light wins' })).notes).toBe(
      'warm light wins',
    )

    const draft = await r.core.handlers['batch.duplicate']({ batchId })
    expect(draft).toEqual({ name: 'Lighthouses (copy)', matrix: m, budgetCap: 3 })
    // A duplicate is only a draft: nothing new in the library.
    expect(await r.core.handlers['batch.list']({})).toHaveLength(1)

    const rerun = await r.core.handlers['batch.rerun']({ batchId })
    expect(rerun.cells).toBe(4)
    const list = await r.core.handlers['batch.list']({})
    expect(list.map((b) => b.name)).toEqual(['Lighthouses (re-run)', 'Lighthouses'])
    const again = await r.core.handlers['batch.get']({ batchId: rerun.batchId })
    expect(again.matrix).toEqual(m)
    expect(again.batch.budgetCap).toBe(3)
  })

  it('delete sends the images to the trash and hides the batch; undo brings back exactly those', async () => {
    r = await rig('delete')
    const { batchId } = await r.core.handlers['batch.create']({ name: 'Doomed', matrix: matrix(['del a', 'del b']) })
    await r.core.waitForIdle()
    // One image the user had trashed before must stay trashed after the undo.
    const db = new Database(join(r.home, 'soul-batch.db'))
    db.prepare('UPDATE images SET trashed_at = 1 WHERE id = (SELECT id FROM images WHERE batch_id = ? LIMIT 1)').run(
      batchId,
    )
    db.close()

    const { trashedImages } = await r.core.handlers['batch.delete']({ batchId })
    expect(trashedImages).toBe(3)
    expect(trashed(r.home, batchId)).toBe(4)
    expect(await r.core.handlers['batch.list']({})).toEqual([])
    await expect(
      Promise.resolve().then(() => r!.core.handlers['batch.rename']({ batchId, name: 'x' })),
    ).rejects.toMatchObject({ kind: 'not_found' })

    const back = await r.core.handlers['batch.undoDelete']({ batchId })
    expect(back).toMatchObject({ id: batchId, name: 'Doomed', counts: { saved: 4 } })
    expect(trashed(r.home, batchId)).toBe(1)
    expect((await r.core.handlers['batch.list']({})).map((b) => b.id)).toEqual([batchId])
  })

  it('deleting a running batch stops its submits; undo leaves it paused for one-click resume', async () => {
    r = await rig('delete-running', {}, { autoStart: false })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['run del a', 'run del b']) })
    await r.core.handlers['batch.delete']({ batchId })
    r.core.start()
    await r.core.waitForIdle()
    expect(r.sim.counters.requests.submit).toBe(0)
    const back = await r.core.handlers['batch.undoDelete']({ batchId })
    expect(back.status).toBe('paused')
    const resumed = await r.core.handlers['batch.resumeAll']({ batchId })
    expect(resumed.batch.status).toBe('active')
    await r.core.waitForIdle()
    expect((await r.core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ saved: 4 })
  })

  it('export CSV re-imports through csv.parse to the same matrix, cell for cell', async () => {
    r = await rig('export', {}, { autoStart: false })
    const m = MatrixSchema.parse({
      prompts: [
        { prompt: 'a "quoted", multi\nline prompt', tags: ['x', 'y'] },
        { prompt: 'row with its own style', styleIds: [STYLE_B], width_and_height: '1536x1152' },
        { prompt: 'plain' },
      ],
      styleIds: [STYLE_A, STYLE_B],
      seeds: { mode: 'fixed', seed: 4242 },
      width_and_height: '1152x1536',
      quality: '720p',
      style_strength: 0.6,
    })
    const { batchId } = await r.core.handlers['batch.create']({ name: 'Export me!', matrix: m })
    const file = await r.core.handlers['batch.exportCsv']({ batchId })
    expect(file.fileName).toBe('Export-me.csv')
    const parsed = await r.core.handlers['csv.parse']({ text: file.text })
    expect(parsed.errors).toEqual([])
    // What the compose page builds from imported rows: the rows plus whatever styles and size are selected.
    const reimported = MatrixSchema.parse({ prompts: parsed.rows, styleIds: [STYLE_A], width_and_height: '1536x1536' })
    const cells = (x: typeof m) =>
      expandMatrix(x, () => 0.5).map((c) => ({ promptIndex: c.promptIndex, styleId: c.styleId, params: c.params }))
    expect(cells(reimported)).toEqual(cells(m))
  })

  it('a cancelled batch resumes in one action; unknown cells are resubmitted or dropped in bulk', async () => {
    r = await rig('resume', {}, { autoStart: false })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['res a', 'res b', 'res c']) })
    const cancelled = await r.core.handlers['batch.cancel']({ batchId })
    expect(cancelled.cancelled).toBe(6)
    const { requeued, batch } = await r.core.handlers['batch.resumeAll']({ batchId })
    expect(requeued).toBe(6)
    expect(batch.status).toBe('active')

    // Two cells whose outcome is unknown (a crash between POST and answer).
    const db = new Database(join(r.home, 'soul-batch.db'))
    db.prepare(
      "UPDATE cells SET state = 'unknown', submits = 1 WHERE id IN (SELECT id FROM cells WHERE batch_id = ? ORDER BY ord LIMIT 2)",
    ).run(batchId)
    db.close()
    expect(await r.core.handlers['batch.resolveUnknown']({ batchId, choice: 'drop' })).toEqual({ changed: 2 })
    expect((await r.core.handlers['batch.get']({ batchId })).batch.counts).toMatchObject({ cancelled: 2, pending: 4 })
    expect(await r.core.handlers['batch.resolveUnknown']({ batchId, choice: 'resubmit' })).toEqual({ changed: 0 })
  })

  it('recent prompts come from past batches, newest first, each once', async () => {
    r = await rig(
      'recent',
      {},
      {
        autoStart: false,
        now: (() => {
          let t = 1000
          return () => (t += 1000)
        })(),
      },
    )
    await r.core.handlers['batch.create']({ matrix: matrix(['old one', 'shared']) })
    await r.core.handlers['batch.create']({ matrix: matrix(['new one', 'shared']) })
    expect(await r.core.handlers['prompts.recent']({ limit: 10 })).toEqual(['new one', 'shared', 'old one'])
    expect(await r.core.handlers['prompts.recent']({ limit: 2 })).toEqual(['new one', 'shared'])
  })
})
