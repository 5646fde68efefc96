import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CellView } from '@shared/domain'
import { sha256Hex } from '../../../src/main/library/files'
import { matrix, nextEvent, readDb, rig, simKey, type Rig } from '../core/helpers'

/**
 * Issue 7 item 3: a broken library folder must not keep billing. The images folder is replaced by a file in the
 * middle of a run: the queue pauses (kind `library`, naming the folder and the cause) before any further submit,
 * jobs already paid for are collected as far as they can be and keep their output URL, and once the folder is
 * back, resume saves them all without a new submit. Real simulator, real SQLite, real files.
 */
let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('the images folder replaced by a file mid-run', () => {
  it('pauses before any further submit, loses nothing, and resume saves all without a new submit', async () => {
    const concurrency = 2
    r = await rig(
      'images-replaced',
      { timeScale: 0.003, latencyJitterSeconds: 10 },
      { settings: { rpm: 60_000, concurrency } },
    )
    const { core, sim, home } = r
    const prompts = ['disk a', 'disk b', 'disk c', 'disk d', 'disk e']
    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(prompts) })
    await nextEvent(core, (e) => e.type === 'cell' && e.cell.state === 'saved')
    // The fault must meet a job still on the server, whose image then cannot be written: wait until one is
    // (events are coalesced, so by the first `saved` the jobs out may all be done and the next wave not sent yet).
    while (sim.counters.requests.submit <= sim.counters.completed) await new Promise((res) => setTimeout(res, 2))

    const images = join(home, 'images')
    renameSync(images, `${images}.away`)
    writeFileSync(images, 'not a folder')
    const submitsAtFault = sim.counters.requests.submit

    await core.waitForIdle()
    const q = await core.handlers['queue.status']({})
    expect(q.paused).toBe(true)
    expect(q.reason?.kind).toBe('library')
    expect(q.reason?.message).toContain(`Can't save images in ${images}: it is a file, not a folder.`)
    expect(q.reason?.message).not.toMatch(/E[A-Z]{4,}|\n\s+at /)
    expect(sim.counters.requests.submit - submitsAtFault).toBeLessThanOrEqual(concurrency)

    const mid = await core.handlers['batch.get']({ batchId })
    const unwritten = mid.cells.filter((c: CellView) => c.state === 'failed')
    expect(unwritten.length).toBeGreaterThan(0)
    for (const c of unwritten) {
      expect(c.error?.kind).toBe('library')
      expect(c.error?.message).toContain(images)
    }
    // Every job the simulator completed is saved or kept with its output URL for a later fetch: nothing lost.
    const kept = readDb(home, (db) =>
      db.prepare(`SELECT COUNT(*) AS n FROM cells WHERE state = 'failed' AND output_url IS NOT NULL`).get(),
    ) as { n: number }
    expect(kept.n).toBe(unwritten.length)
    expect((mid.batch.counts.saved ?? 0) + unwritten.length).toBe(sim.counters.completed)
    expect(mid.cells.every((c) => c.state !== 'unknown' && c.state !== 'expired')).toBe(true)

    // The folder comes back; the user resumes: images already paid for are fetched, and the rest is sent once.
    rmSync(images)
    renameSync(`${images}.away`, images)
    const submitsBeforeResume = sim.counters.requests.submit
    await core.handlers['queue.resume']({})
    await core.waitForIdle()
    const done = await core.handlers['batch.get']({ batchId })
    expect(done.batch.counts).toEqual({ saved: prompts.length * 2 })
    expect(sim.counters.requests.submit).toBe(prompts.length * 2)
    expect(sim.counters.requests.submit - submitsBeforeResume).toBe(prompts.length * 2 - submitsBeforeResume)
    for (const cell of done.cells) expect(sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)
    // Every row's file is there, whole: the ones written before the fault came back with the folder.
    const rows = readDb(home, (db) => db.prepare('SELECT path, sha256 FROM images WHERE batch_id = ?').all(batchId))
    expect(rows).toHaveLength(prompts.length * 2)
    for (const row of rows as { path: string; sha256: string }[]) {
      expect(sha256Hex(readFileSync(join(home, row.path)))).toBe(row.sha256)
    }
  })

  it('too little free space: the queue pauses before the first submit, naming the folder', async () => {
    r = await rig('low-space', {}, { minFreeBytes: Number.MAX_SAFE_INTEGER })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['no room']) })
    await r.core.waitForIdle()
    const q = await r.core.handlers['queue.status']({})
    expect(q.reason?.kind).toBe('library')
    expect(q.reason?.message).toMatch(
      new RegExp(
        `^Can't save images in ${r.home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: only \\d+ MB free on its disk`,
      ),
    )
    expect(r.sim.counters.requests.submit).toBe(0)
    expect((await r.core.handlers['batch.get']({ batchId })).batch.counts).toEqual({ pending: 2 })
  })
})
