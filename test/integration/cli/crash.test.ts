import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../../src/simulator'
import {
  cellKey,
  delay,
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
import { mulberry32 } from '../../../src/simulator/faults'

/**
 * THE CRASH TEST. A 300-cell batch is run by the real CLI and killed with SIGKILL at 20 seeded random moments,
 * each time restarted with the same command, then run to the end. Whatever instant the kill hit (a POST in
 * flight, a file half written, a transaction open), the library must account for every cell, stay consistent
 * on disk, and never have paid twice for a cell on its own.
 */

const CELLS = 300
const KILLS = 20
const SEED = 20251125

let sim: SimulatorHandle
let work: { home: string; dispose: () => void }

beforeAll(async () => {
  // Records must outlive the whole test even at this time scale: expiry is not what is under test here.
  sim = await fastSimulator({ ttlSeconds: 10_000_000 })
  work = tempHome('crash')
})
afterAll(async () => {
  await sim.stop()
  work.dispose()
})

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...filesUnder(p))
    else out.push(p)
  }
  return out
}

it(
  'SIGKILL at 20 random moments, restart, finish: every cell accounted for, nothing paid twice',
  { timeout: 240_000 },
  async () => {
    const home = join(work.home, 'library')
    const csv = join(work.home, 'prompts.csv')
    const prompts = Array.from({ length: CELLS }, (_, i) => `crash prompt ${String(i).padStart(3, '0')}`)
    writeFileSync(csv, `prompt\n${prompts.join('\n')}\n`)
    const args = [
      'run',
      '--csv',
      csv,
      '--seed',
      '4242',
      '--concurrency',
      '24',
      '--rpm',
      '5000',
      '--home',
      home,
      '--quiet',
      // 300 images are above the $5 confirmation threshold; a script says yes up front (issue 10).
      '--yes',
    ]
    const env = simulatorEnv(sim)
    const random = mulberry32(SEED)

    let landed = 0
    let finishedEarly = false
    for (let i = 0; i < KILLS && !finishedEarly; i++) {
      const run = spawnCli(args, env)
      // Count the moment from when the CLI has opened its library and chosen its batch: kills then hit real work.
      const working = await waitForOutput(run, (e) =>
        /(^|\n)(batch \S+: \d+ cells|resuming batch|this command already ran)/.test(e),
      )
      if (working) await delay(Math.floor(random() * 900))
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL')
        const r = await run.done
        if (r.signal === 'SIGKILL') landed++
        else finishedEarly = true
      } else {
        const r = await run.done
        // It finished on its own before the kill: the rest of the schedule has nothing left to hit.
        expect(r.stderr).not.toMatch(/\n\s+at /)
        finishedEarly = true
      }
    }

    const final = await runCli(args, env)
    expect(final.stderr).not.toMatch(/\n\s+at /)
    const summary = summaryOf(final)
    expect(summary.cells).toBe(CELLS)

    const db = openLibraryDb(home)
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')

      const cells = db
        .prepare('SELECT id, state, params_json, error_json, request_id FROM cells')
        .all() as CellRowLite[]
      expect(cells).toHaveLength(CELLS)
      const byState = new Map<string, number>()
      for (const c of cells) byState.set(c.state, (byState.get(c.state) ?? 0) + 1)
      // Every cell accounted for: saved, unknown, or failed with its reason; nothing pending or in flight.
      expect([...byState.keys()].filter((s) => !['saved', 'unknown', 'failed'].includes(s))).toEqual([])
      for (const c of cells.filter((x) => x.state === 'failed'))
        expect(JSON.parse(c.error_json ?? 'null')?.message).toBeTruthy()
      const unknown = byState.get('unknown') ?? 0
      expect(summary).toMatchObject({ saved: byState.get('saved') ?? 0, unknown, remaining: 0 })
      expect(final.code).toBe(unknown > 0 || (byState.get('failed') ?? 0) > 0 ? 1 : 0)

      // Files and rows agree: every saved image has its file with the recorded size and hash ...
      const images = db.prepare('SELECT cell_id, path, thumb_path, bytes, sha256 FROM images').all() as {
        cell_id: string
        path: string
        thumb_path: string | null
        bytes: number
        sha256: string
      }[]
      const saved = new Set(cells.filter((c) => c.state === 'saved').map((c) => c.id))
      expect(new Set(images.map((i) => i.cell_id))).toEqual(saved)
      for (const img of images) {
        const bytes = readFileSync(join(home, img.path))
        expect(bytes.length).toBe(img.bytes)
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(img.sha256)
      }
      // ... and no file in the library that no row knows, outside quarantine/.
      // (each image's sidecar JSON beside it included)
      const known = new Set(
        images.flatMap((i) => [i.path, `${i.path}.json`, i.thumb_path].filter((p): p is string => p !== null)),
      )
      const stray = [...filesUnder(join(home, 'images')), ...filesUnder(join(home, 'thumbs'))]
        .map((f) => relative(home, f).split(sep).join('/'))
        .filter((p) => !known.has(p))
      // Soft: a stray file is a library defect worth seeing next to every other finding of this run.
      expect.soft(stray).toEqual([])

      // Nothing paid twice on its own: one job per saved cell, at most one per unknown cell, never a second one.
      const keyOf = new Map(cells.map((c) => [cellKey(c), c]))
      expect(keyOf.size).toBe(CELLS)
      for (const [key, n] of sim.counters.submitsByKey) {
        const cell = keyOf.get(key)
        expect(cell, `a job the library does not know: ${key}`).toBeDefined()
        expect(n, `${key} (${cell?.state}) was submitted ${n} times`).toBe(1)
      }
      for (const c of cells) {
        const n = sim.counters.submitsByKey.get(cellKey(c)) ?? 0
        if (c.state === 'saved') expect(n).toBe(1)
        if (c.state === 'unknown') expect(c.request_id).toBeNull()
      }
      const quarantined = filesUnder(join(home, 'quarantine')).length
      console.log(
        `crash test: ${landed} of ${KILLS} kills landed mid-run, ${unknown} cells ended unknown, ${quarantined} files quarantined, ${sim.counters.requests.submit} submits for ${CELLS} cells`,
      )
      expect(landed).toBeGreaterThan(0)
    } finally {
      db.close()
    }

    // Only the user's word sends an unknown cell again; then, and only for those cells, a second job may exist.
    const unknownKeys = new Set(
      (() => {
        const d = openLibraryDb(home)
        try {
          return (d.prepare("SELECT params_json FROM cells WHERE state = 'unknown'").all() as CellRowLite[]).map(
            cellKey,
          )
        } finally {
          d.close()
        }
      })(),
    )
    const resent = await runCli(
      ['resume', summary.batchId as string, '--resend-unknown', '--rpm', '5000', '--home', home, '--quiet'],
      env,
    )
    expect(resent.code).toBe(0)
    expect(summaryOf(resent)).toMatchObject({ cells: CELLS, saved: CELLS, unknown: 0 })
    for (const [key, n] of sim.counters.submitsByKey) {
      if (n > 1) expect(unknownKeys.has(key), `${key} was sent ${n} times but was never unknown`).toBe(true)
      expect(n).toBeLessThanOrEqual(2)
    }
  },
)
