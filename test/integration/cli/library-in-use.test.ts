import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../../src/simulator'
import { createCore, type Core } from '../../../src/main/core'
import { KEY, fastSimulator, openLibraryDb, runCli, simulatorEnv, summaryOf, tempHome } from './cli-harness'

/**
 * A library runs in one Soul Batch at a time: the CLI started while the app (here a core in this process) runs the
 * same library refuses with one line and a non-zero exit before it writes anything, while `status` and `list`,
 * which only read, still work.
 */
let sim: SimulatorHandle
let env: Record<string, string>
let work: { home: string; dispose: () => void }
let holder: Core | null = null

beforeAll(async () => {
  sim = await fastSimulator()
  env = simulatorEnv(sim)
  work = tempHome('in-use')
})
afterAll(async () => {
  await holder?.close()
  await sim.stop()
  work.dispose()
})

const batchNames = (home: string): string[] => {
  const db = openLibraryDb(home)
  try {
    return (db.prepare('SELECT name FROM batches ORDER BY created_at').all() as { name: string }[]).map((b) => b.name)
  } finally {
    db.close()
  }
}

describe('the CLI on a library another Soul Batch is running', () => {
  it('run and resume refuse with one line; status and list still read; after the other closes, run works', async () => {
    const h = work.home
    const first = await runCli(['run', '-p', 'before the app', '--rpm', '2000', '--home', h, '--quiet'], env)
    expect(first.code).toBe(0)
    const batchId = summaryOf(first).batchId as string

    holder = await createCore({ home: h, apiKey: KEY, baseUrl: sim.url, timeScale: sim.settings.timeScale })
    sim.resetCounters()

    for (const args of [
      ['run', '-p', 'while the app runs', '--rpm', '2000', '--home', h],
      ['resume', '--home', h],
    ]) {
      const r = await runCli(args, env)
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n')).toEqual([
        `soul-batch: This library is in use by another Soul Batch (pid ${process.pid}). Close it, or use another library folder (SOUL_BATCH_HOME / --home).`,
      ])
    }
    expect(batchNames(h)).toHaveLength(1) // the refused run wrote no batch for the app to pick up
    expect(sim.counters.requests.submit).toBe(0)

    const status = await runCli(['status', batchId, '--home', h], env)
    expect(status.code).toBe(0)
    expect(summaryOf(status)).toMatchObject({ batchId, saved: 1 })
    const list = await runCli(['list', '--home', h], env)
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout.trim())).toMatchObject({ id: batchId })

    await holder.close()
    holder = null
    const after = await runCli(['run', '-p', 'after the app', '--rpm', '2000', '--home', h, '--quiet'], env)
    expect(after.code).toBe(0)
    expect(batchNames(h)).toHaveLength(2)
  })
})
