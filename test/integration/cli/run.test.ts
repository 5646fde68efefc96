import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resolveStyle } from '@shared/catalog'
import type { SimulatorHandle } from '../../../src/simulator'
import {
  KEY,
  ROOT,
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

let sim: SimulatorHandle
let env: Record<string, string>
const homes: (() => void)[] = []
const home = (name: string): string => {
  const h = tempHome(name)
  homes.push(h.dispose)
  return h.home
}
const FIXTURES = join(ROOT, 'test/fixtures/csv')

beforeAll(async () => {
  sim = await fastSimulator()
  env = simulatorEnv(sim)
})
afterAll(async () => {
  await sim.stop()
  for (const dispose of homes) dispose()
})
beforeEach(() => sim.resetCounters())

function filesUnder(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out.push(p)
    }
  }
  walk(dir)
  return out
}

describe('soul-batch run against the simulator', () => {
  it('runs 2 prompts x 2 styles to the end: exit 0, a correct summary, 4 real images, the key nowhere', async () => {
    const h = home('run')
    const r = await runCli(
      ['run', '-p', 'a red fox', '-p', 'an old owl', '--styles', 'medieval,subway', '--rpm', '2000', '--home', h],
      env,
    )
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.code).toBe(0)
    const s = summaryOf(r)
    expect(s).toMatchObject({
      cells: 4,
      saved: 4,
      failed: { total: 0, byKind: {} },
      unknown: 0,
      cancelled: 0,
      expired: 0,
      remaining: 0,
      status: 'done',
      home: h,
      demoMode: false,
      stopped: null,
    })
    expect(s.requests).toMatchObject({ submit: 4, result: 4, download: 4 })
    expect(s.spend).toBeCloseTo(4 * 0.2175, 6)

    // Exactly one job per (prompt, style, seed), and the styles the flags asked for.
    expect(sim.counters.requests.submit).toBe(4)
    expect([...sim.counters.submitsByKey.values()]).toEqual([1, 1, 1, 1])
    const ids = ['Medieval', 'Subway'].map((n) => resolveStyle(n)!.id)
    expect(new Set([...sim.counters.submitsByKey.keys()].map((k) => k.split('|')[1]))).toEqual(new Set(ids))

    // Each image has its sidecar JSON beside it.
    const files = filesUnder(join(h, 'images'))
    expect(files.filter((f) => !f.endsWith('.json'))).toHaveLength(4)
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(4)
    const db = openLibraryDb(h)
    try {
      const rows = db.prepare('SELECT path, bytes, sha256 FROM images WHERE batch_id = ?').all(s.batchId) as {
        path: string
        bytes: number
        sha256: string
      }[]
      expect(rows).toHaveLength(4)
      for (const row of rows) {
        const bytes = readFileSync(join(h, row.path))
        expect(bytes.length).toBe(row.bytes)
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(row.sha256)
        const meta = await sharp(bytes).metadata()
        expect(meta.format).toBe('jpeg')
      }
    } finally {
      db.close()
    }

    const everything = [r.stdout, r.stderr, ...filesUnder(h).map((f) => readFileSync(f).toString('latin1'))].join('\n')
    expect(everything).not.toContain(KEY)
  })

  it('refuses a CSV with bad rows: exit 2, each row on its own line with its line number, nothing sent', async () => {
    const csv = join(FIXTURES, 'bad-rows.csv')
    const r = await runCli(['run', '--csv', csv, '--home', home('bad')], env)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trim().split('\n')
    const lineNumbers = lines.flatMap((l) => {
      const m = /^(.*):(\d+): /.exec(l)
      return m && m[1] === csv ? [Number(m[2])] : []
    })
    expect(lineNumbers).toEqual([3, 4, 7, 8, 10, 11, 12, 13, 14, 15])
    expect(lines).toContain(`${csv}:3: seed: seed must be a whole number from 1 to 1000000, got 'abc'`)
    expect(lines.at(-1)).toBe(`${csv}: 10 errors; fix the file, or add --skip-invalid to run the 2 valid rows`)
    expect(sim.counters.requests.submit).toBe(0)
  })

  it('runs only the valid rows with --skip-invalid and says which were skipped', async () => {
    const csv = join(FIXTURES, 'bad-rows.csv')
    const r = await runCli(['run', '--csv', csv, '--skip-invalid', '--rpm', '2000', '--home', home('skip')], env)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`skipped ${csv}:4: style: unknown style 'Foo'`)
    // Row 2 pins Medieval; row 16 takes the default style: 2 cells.
    expect(summaryOf(r)).toMatchObject({ cells: 2, saved: 2 })
    expect(sim.counters.requests.submit).toBe(2)
  })

  it.each([
    [
      'empty.csv',
      'empty.csv:1: The file is empty: the first row must be a header with a "prompt" column, then one row per prompt.',
    ],
    ['header-only.csv', 'header-only.csv:1: The file has a header row but no prompt rows under it.'],
    [
      'garbage.bin',
      'garbage.bin:1: This is not a CSV text file (it contains binary data). Save the sheet as "CSV UTF-8" and import that file.',
    ],
    ['missing.csv', 'missing.csv: no such file'],
  ])('%s: one sentence on stderr, exit 2, no stack trace', async (name, sentence) => {
    const r = await runCli(['run', '--csv', `test/fixtures/csv/${name}`, '--home', home('one')], env)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`test/fixtures/csv/${sentence}\n`)
  })

  it('refuses an unknown flag with one line and exit 2', async () => {
    const r = await runCli(['run', '-p', 'x', '--colour', 'red'], env)
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "soul-batch: unknown option --colour for 'run' (see soul-batch run --help)\n",
    })
  })

  it('CSV values win over the flags', async () => {
    const h = home('override')
    const csv = join(h, 'prompts.csv')
    writeFileSync(csv, 'prompt,style,seed,quality\nrow one,Library,11,720p\nrow two,,,\n')
    const r = await runCli(
      ['run', '--csv', csv, '--styles', 'realistic', '--seed', '99', '--rpm', '2000', '--home', h],
      env,
    )
    expect(r.code).toBe(0)
    const keys = [...sim.counters.submitsByKey.keys()].sort()
    expect(keys).toEqual([`row one|${resolveStyle('Library')!.id}|11`, `row two|${resolveStyle('Realistic')!.id}|99`])
    const db = openLibraryDb(h)
    try {
      const qualities = (db.prepare('SELECT params_json FROM cells ORDER BY ord').all() as CellRowLite[]).map(
        (c) => JSON.parse(c.params_json).quality,
      )
      expect(qualities).toEqual(['720p', '1080p'])
    } finally {
      db.close()
    }
  })

  it('Ctrl-C pauses cleanly, then the same command finishes the same batch without sending anything twice', async () => {
    const h = home('sigint')
    // Slow jobs and one at a time, so the signal surely lands mid-run.
    sim.update({ latencyMeanSeconds: 200, latencyJitterSeconds: 0 })
    try {
      const args = [
        'run',
        '-p',
        'first',
        '-p',
        'second',
        '--styles',
        'medieval,subway,library',
        '--concurrency',
        '2',
        '--rpm',
        '2000',
        '--home',
        h,
      ]
      const first = spawnCli(args, env)
      expect(await waitForOutput(first, (e) => /batch \S+: 6 cells/.test(e))).toBe(true)
      while (sim.counters.requests.submit < 1) await new Promise((r) => setTimeout(r, 20))
      first.child.kill('SIGINT')
      const r1 = await first.done
      expect(r1.code).toBe(130)
      expect(r1.stderr).toContain('run the same command again to resume')
      const s1 = summaryOf(r1)
      expect(s1.status).toBe('paused')
      expect(s1.saved as number).toBeLessThan(6)
      const submittedBefore = sim.counters.requests.submit

      sim.update({ latencyMeanSeconds: 40 })
      const r2 = await runCli(args, env)
      expect(r2.code).toBe(0)
      expect(r2.stderr).toContain(`resuming batch ${s1.batchId as string}`)
      expect(summaryOf(r2)).toMatchObject({ batchId: s1.batchId, cells: 6, saved: 6, status: 'done' })
      // Jobs in flight at the signal were collected, not sent again.
      expect(sim.counters.requests.submit).toBe(6)
      expect(submittedBefore).toBeGreaterThan(0)
      expect([...sim.counters.submitsByKey.values()].every((n) => n === 1)).toBe(true)

      // A third run of the same command has nothing left to do and sends nothing.
      const r3 = await runCli(args, env)
      expect(r3.code).toBe(0)
      expect(r3.stderr).toContain('already ran to the end')
      expect(summaryOf(r3)).toMatchObject({ batchId: s1.batchId, saved: 6 })
      expect(sim.counters.requests.submit).toBe(6)
    } finally {
      sim.update({ latencyMeanSeconds: 40, latencyJitterSeconds: 4 })
    }
  })

  it('status and list read the library as JSON without sending anything', async () => {
    const h = home('inspect')
    const r = await runCli(['run', '-p', 'just one', '--rpm', '2000', '--home', h, '--quiet'], env)
    const id = summaryOf(r).batchId as string
    sim.resetCounters()
    const status = await runCli(['status', id, '--home', h], env)
    expect(status.code).toBe(0)
    expect(summaryOf(status)).toMatchObject({ batchId: id, cells: 1, saved: 1 })
    const list = await runCli(['list', '--home', h], env)
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout.trim())).toMatchObject({ id, total: 1, status: 'done' })
    const missing = await runCli(['status', 'no-such-batch', '--home', h], env)
    expect(missing.code).toBe(2)
    expect(sim.counters.requests.submit + sim.counters.requests.status).toBe(0)
  })

  it('without a key, runs in demo mode and says so', async () => {
    const r = await runCli(['run', '-p', 'demo prompt', '--rpm', '2000', '--home', home('demo')], {
      SOUL_BATCH_DEMO: JSON.stringify({ timeScale: 0.005, imageScale: 0.05 }),
    })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('demo mode: no API key (SEGMIND_API_KEY or one saved in Settings)')
    expect(summaryOf(r)).toMatchObject({ saved: 1, demoMode: true })
  })
})
