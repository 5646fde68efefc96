import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../../src/simulator'
import {
  cellKey,
  fastSimulator,
  openLibraryDb,
  runCli,
  simulatorEnv,
  spawnCli,
  summaryOf,
  tempHome,
  waitForOutput,
  type CellRowLite,
} from './cli-harness'

/**
 * Issue 7 items 2 and 3 through the real CLI (a child process) against a real simulator: an outage is waited
 * out with no click, and images the library could not write are fetched by `soul-batch resume` without a POST.
 */
let sim: SimulatorHandle | null = null
let dispose: (() => void) | null = null
afterEach(async () => {
  await sim?.stop()
  sim = null
  dispose?.()
  dispose = null
})

async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((res) => setTimeout(res, 10))
  }
}

function cells(home: string): CellRowLite[] {
  const db = openLibraryDb(home)
  try {
    return db.prepare('SELECT id, state, params_json, error_json, request_id FROM cells').all() as CellRowLite[]
  } finally {
    db.close()
  }
}

describe('soul-batch through an outage', () => {
  it('holds while the API is down, goes on by itself when it is back, and through a second outage mid-run', async () => {
    sim = await fastSimulator()
    const s = sim
    const t = tempHome('cli-outage')
    dispose = t.dispose
    await s.goOffline()
    const p = spawnCli(
      [
        'run',
        ...['-p', 'outage one', '-p', 'outage two', '-p', 'outage three'],
        ...['--styles', 'medieval,subway', '--concurrency', '8'],
      ],
      { ...simulatorEnv(s), SOUL_BATCH_HOME: t.home },
    )
    // The CLI's own words while the API is down: it retries by itself, nobody has to do anything.
    expect(await waitForOutput(p, (err) => /API unreachable since \d\d:\d\d — retrying/.test(err))).toBe(true)
    expect(s.counters.requests.submit).toBe(0)
    await s.goOnline()
    expect(await waitForOutput(p, (err) => err.includes('the API answers again; the queue goes on'))).toBe(true)
    // A second outage while jobs are on the server: their polls fail for a while, then the run ends all saved.
    // Once every submit has its answer on disk (so the outage cuts no POST in half: that is `unknown`, another
    // test), and while jobs take 200 ms here, the API goes away again with jobs on the server.
    await until(() => cells(t.home).every((c) => c.request_id !== null))
    await s.goOffline()
    await new Promise((res) => setTimeout(res, 500))
    await s.goOnline()
    const r = await p.done
    expect(r.code, r.stderr).toBe(0)
    const summary = summaryOf(r)
    expect(summary).toMatchObject({ cells: 6, saved: 6 })
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/)
    for (const c of cells(t.home)) expect(s.counters.submitsByKey.get(cellKey(c)), c.id).toBe(1)
    expect(s.counters.requests.submit).toBe(6)
  })
})

describe('soul-batch and a library folder that refuses images', () => {
  it('exits with a clear sentence, not a stack; resume fetches the unwritten images without a new submit', async () => {
    // Jobs take 400 ms here, so the folder can be broken while the first ones are still generating.
    sim = await fastSimulator({ timeScale: 0.01, latencyJitterSeconds: 0 })
    const s = sim
    const t = tempHome('cli-disk')
    dispose = t.dispose
    const env = { ...simulatorEnv(s), SOUL_BATCH_HOME: t.home }
    const images = join(t.home, 'images')
    const p = spawnCli(['run', '-p', 'disk one', '-p', 'disk two', '--styles', 'medieval,subway'], env)
    await until(() => s.counters.submitsByKey.size >= 4)
    // The folder may not exist yet (it is made with the first image): either way a file takes its place.
    const moved = existsSync(images)
    if (moved) renameSync(images, `${images}.away`)
    writeFileSync(images, 'not a folder')
    const r = await p.done
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`Can't save images in ${images}: it is a file, not a folder.`)
    expect(r.stderr).not.toMatch(/\n\s+at |E[A-Z]{4,}:/)
    // Jobs take 400 ms, so normally none was saved before the fault; a slow machine may have saved some.
    const unwritten = cells(t.home).filter((c) => c.state === 'failed')
    expect(unwritten.length).toBeGreaterThan(0)
    expect(cells(t.home).filter((c) => c.state !== 'saved')).toHaveLength(unwritten.length)
    for (const c of unwritten) expect(JSON.parse(c.error_json!)).toMatchObject({ kind: 'library' })

    rmSync(images)
    if (moved) renameSync(`${images}.away`, images)
    const again = await runCli(['resume'], env)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain(
      `fetching ${unwritten.length} finished image(s) the library could not write earlier (no new submit)`,
    )
    expect(summaryOf(again)).toMatchObject({ cells: 4, saved: 4 })
    expect(s.counters.requests.submit).toBe(4)
    for (const c of cells(t.home)) expect(s.counters.submitsByKey.get(cellKey(c))).toBe(1)
  })
})
