import { existsSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { matrixFingerprint } from '@shared/domain/matrix'
import { defaultHome } from '../../../src/main/home'
import { matrix, readDb, rig, STYLE_A, type Rig } from './helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('handlers (real simulator, real SQLite)', () => {
  it('app.info, estimate, list and get; unknown ids are not_found', async () => {
    r = await rig('handlers', {}, { autoStart: false })
    const info = await r.core.handlers['app.info']({})
    expect(info).toMatchObject({ demoMode: false, home: r.home, apiHost: new URL(r.sim.url).host })
    const m = matrix(['est a', 'est b', 'est c'])
    const est = await r.core.handlers['batch.estimate']({ matrix: m })
    expect(est).toMatchObject({ cells: 6, requests: 21 })
    expect(est.cost).toBeCloseTo(6 * 0.2175)
    expect(est.seconds).toBeGreaterThan(0)

    const { batchId } = await r.core.handlers['batch.create']({ name: 'My batch', matrix: m })
    const list = await r.core.handlers['batch.list']({})
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      id: batchId,
      name: 'My batch',
      total: 6,
      counts: { pending: 6 },
      status: 'active',
      spend: 0,
    })
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.matrix).toEqual(m)
    expect(detail.cells.map((c) => [c.promptIndex, c.styleId === STYLE_A ? 'A' : 'B'])).toEqual([
      [0, 'A'],
      [0, 'B'],
      [1, 'A'],
      [1, 'B'],
      [2, 'A'],
      [2, 'B'],
    ])
    await expect(
      Promise.resolve().then(() => r!.core.handlers['batch.get']({ batchId: 'nope' })),
    ).rejects.toMatchObject({ kind: 'not_found' })
  })

  it('finds an unfinished batch from the same matrix (the CLI resumes instead of paying twice)', async () => {
    r = await rig('resume-cli')
    const m = matrix(['cli same'])
    expect(r.core.findUnfinishedBatch(matrixFingerprint(m))).toBeNull()
    await r.core.handlers['queue.pause']({})
    const { batchId } = await r.core.handlers['batch.create']({ matrix: m })
    expect(r.core.findUnfinishedBatch(matrixFingerprint(matrix(['cli same'])))).toBe(batchId)
    expect(r.core.findUnfinishedBatch(matrixFingerprint(matrix(['cli other'])))).toBeNull()
    await r.core.handlers['queue.resume']({})
    await r.core.waitForIdle()
    expect(r.core.findUnfinishedBatch(matrixFingerprint(m))).toBeNull()
  })

  it('settings persist across restarts; run overrides apply for one run; the newest update wins', async () => {
    r = await rig('settings', {}, { settings: { concurrency: 7 } })
    expect((await r.core.handlers['settings.get']({})).concurrency).toBe(7)
    const updated = await r.core.handlers['settings.update']({ plan: 'pro' })
    expect(updated).toMatchObject({ plan: 'pro', rpm: 50, concurrency: 7 })
    expect((await r.core.handlers['settings.update']({ concurrency: 3 })).concurrency).toBe(3)
    const core = await r.reopen({ settings: {} })
    expect(await core.handlers['settings.get']({})).toMatchObject({
      plan: 'pro',
      rpm: 50,
      concurrency: 3,
      mode: 'async',
    })
    expect((await core.handlers['queue.status']({})).rpm).toBe(50)
  })

  it('credits.check reads the balance; csv.parse turns text into rows', async () => {
    r = await rig('credits-csv', { credits: 12.5 })
    expect(await r.core.handlers['credits.check']({})).toMatchObject({ credits: 12.5 })
    const csv = await r.core.handlers['csv.parse']({ text: 'prompt,seed\na red fox,12\na blue whale,\n' })
    expect(csv.rows.map((x) => x.prompt)).toEqual(['a red fox', 'a blue whale'])
    expect(csv.rows[0]?.seed).toBe(12)
  })

  it('sync mode: one request per image, saved like any other', async () => {
    r = await rig('sync', {}, { settings: { mode: 'sync', rpm: 6000, concurrency: 2 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['sync a']) })
    await r.core.waitForIdle()
    const d = await r.core.handlers['batch.get']({ batchId })
    expect(d.batch.counts).toEqual({ saved: 2 })
    expect(r.sim.counters.requests.sync).toBe(2)
    expect(r.sim.counters.requests.status).toBe(0)
    for (const c of d.cells) expect(existsSync(r.core.imagePath(c.image!.id, 'thumb')!)).toBe(true)
  })

  it('coalesces events: far fewer cell events than transitions, the last one per cell is its final state', async () => {
    r = await rig('events', {}, { settings: { rpm: 6000, concurrency: 8 } })
    const prompts = Array.from({ length: 10 }, (_, i) => `events ${i}`)
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(prompts) })
    await r.core.waitForIdle()
    await new Promise((res) => setTimeout(res, 300))
    const cellEvents = r.events.filter((e) => e.type === 'cell')
    const transitions = readDb(
      r.home,
      (db) =>
        (db.prepare('SELECT SUM(count) AS n FROM request_counts WHERE batch_id = ?').get(batchId) as { n: number }).n,
    )
    expect(cellEvents.length).toBeLessThan(transitions)
    const last = new Map<string, string>()
    for (const e of cellEvents) if (e.type === 'cell') last.set(e.cell.id, e.cell.state)
    expect(last.size).toBe(20)
    expect([...last.values()].every((s) => s === 'saved')).toBe(true)
    const lastBatch = r.events.filter((e) => e.type === 'batch').at(-1)
    expect(lastBatch?.type === 'batch' && lastBatch.batch).toMatchObject({ status: 'done', etaSeconds: 0 })
  })

  it('imagePath refuses anything outside the library', async () => {
    r = await rig('paths')
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['paths a'], [STYLE_A]) })
    await r.core.waitForIdle()
    const img = (await r.core.handlers['batch.get']({ batchId })).cells[0]!.image!
    const full = r.core.imagePath(img.id, 'full')!
    expect(full.startsWith(realpathSync(r.home))).toBe(true)
    expect(existsSync(full)).toBe(true)
    // a row pointing outside the home is not served
    const Database = (await import('better-sqlite3')).default
    const db = new Database(join(r.home, 'soul-batch.db'))
    db.prepare("UPDATE images SET path = '../../etc/passwd' WHERE id = ?").run(img.id)
    db.close()
    expect(r.core.imagePath(img.id, 'full')).toBeNull()
  })
})

describe('defaultHome', () => {
  it('follows each platform’s convention, and SOUL_BATCH_HOME wins', () => {
    expect(defaultHome({ SOUL_BATCH_HOME: '/x/lib' }, 'linux', '/home/u')).toBe('/x/lib')
    expect(defaultHome({}, 'linux', '/home/u')).toBe('/home/u/.local/share/soul-batch')
    expect(defaultHome({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u')).toBe('/data/soul-batch')
    expect(defaultHome({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Soul Batch')
    expect(defaultHome({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('Soul Batch')
  })
})
