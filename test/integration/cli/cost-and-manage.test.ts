import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../../src/simulator'
import { fastSimulator, openLibraryDb, runCli, simulatorEnv, summaryOf, tempHome } from './cli-harness'

let sim: SimulatorHandle
let env: Record<string, string>
const homes: (() => void)[] = []
const home = (name: string): string => {
  const h = tempHome(name)
  homes.push(h.dispose)
  return h.home
}

beforeAll(async () => {
  sim = await fastSimulator()
  env = simulatorEnv(sim)
})
afterAll(async () => {
  await sim.stop()
  for (const dispose of homes) dispose()
})

/** 12 prompts x 2 styles = 24 images, $5.22 at the list price: just above the default $5 threshold. */
const OVER_THRESHOLD = Array.from({ length: 12 }, (_, i) => ['-p', `threshold prompt ${i}`]).flat()

describe('soul-batch cost safety and batch management', () => {
  it('above the confirmation threshold and not on a terminal: refuses in words and creates nothing; --yes runs', async () => {
    const h = home('yes')
    const refused = await runCli(['run', ...OVER_THRESHOLD, '--styles', 'medieval,subway', '--home', h], env)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(
      'this batch is estimated at $5.22 (24 images), above the confirmation threshold of $5.00',
    )
    expect(refused.stderr).toContain('Add --yes')
    expect(refused.stdout).toBe('')
    expect(sim.counters.requests.submit).toBe(0)
    const db = openLibraryDb(h)
    expect((db.prepare('SELECT COUNT(*) AS n FROM batches').get() as { n: number }).n).toBe(0)
    db.close()

    const ran = await runCli(
      ['run', ...OVER_THRESHOLD, '--styles', 'medieval,subway', '--rpm', '2000', '--home', h, '--yes', '--quiet'],
      env,
    )
    expect(ran.code).toBe(0)
    expect(summaryOf(ran)).toMatchObject({ cells: 24, saved: 24 })
  })

  it('--budget caps the batch: it pauses before the image that would pass the cap', async () => {
    const h = home('budget')
    const r = await runCli(
      [
        'run',
        '-p',
        'budget a',
        '-p',
        'budget b',
        '--styles',
        'medieval,subway',
        '--budget',
        '0.5',
        '--rpm',
        '2000',
      ].concat(['--home', h, '--quiet']),
      env,
    )
    expect(r.code).toBe(1)
    expect(summaryOf(r)).toMatchObject({ cells: 4, saved: 2 })
    const bad = await runCli(['run', '-p', 'x', '--budget', 'lots', '--home', h], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe("soul-batch: --budget must be an amount in dollars above 0, like 25 or 12.50, got 'lots'\n")
  })

  it('rename, export (re-imports with run --csv to the same cells) and delete', async () => {
    const h = home('manage')
    const first = await runCli(
      [
        'run',
        '-p',
        'manage one',
        '-p',
        'manage, two',
        '--styles',
        'library,realistic',
        '--seed',
        '77',
        '--rpm',
        '2000',
      ].concat(['--home', h, '--quiet']),
      env,
    )
    const batchId = summaryOf(first).batchId as string

    const renamed = await runCli(['rename', batchId, 'Two', 'prompts', '--home', h], env)
    expect(renamed.code).toBe(0)
    expect(JSON.parse(renamed.stdout)).toEqual({ batchId, name: 'Two prompts' })

    const csv = join(home('export-out'), 'exported.csv')
    const exported = await runCli(['export', batchId, '--out', csv, '--home', h], env)
    expect(exported.code).toBe(0)
    expect(readFileSync(csv, 'utf8')).toContain('"manage, two"')
    // The exported rows carry their own styles and seed, so a plain re-run of the file is the same matrix.
    const again = await runCli(['run', '--csv', csv, '--rpm', '2000', '--home', h, '--new', '--quiet'], env)
    expect(again.code).toBe(0)
    const db = openLibraryDb(h)
    const cells = (id: string) =>
      (
        db.prepare('SELECT params_json FROM cells WHERE batch_id = ? ORDER BY ord').all(id) as { params_json: string }[]
      ).map((c) => c.params_json)
    expect(cells(summaryOf(again).batchId as string)).toEqual(cells(batchId))
    db.close()

    const deleted = await runCli(['delete', batchId, '--home', h], env)
    expect(deleted.code).toBe(0)
    expect(JSON.parse(deleted.stdout)).toEqual({ batchId, trashedImages: 4 })
    const listed = await runCli(['list', '--json', '--home', h], env)
    expect(listed.stdout).not.toContain(batchId)
    const missing = await runCli(['delete', batchId, '--home', h], env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`there is no batch ${batchId}`)
  })
})
