import { describe, expect, it } from 'vitest'
import type { CellRow } from '../../../src/main/db/cells'
import { LatencyModel } from '../../../src/main/scheduler/latency'
import { planNextCheck } from '../../../src/main/scheduler/planner'
import { Replanner, SCOUTS } from '../../../src/main/scheduler/replan'
import { mulberry32 } from '../../../src/simulator/faults'
import { cellIn } from './cell-fixture'

/**
 * Whole batches against the planner on an injected clock, the way the runner drives it: each job's first check is
 * planned at submit (scout or held), every "not yet" plans the next, the re-planner is asked before each check
 * (so a scout's learned sample pulls the others in), and a detected job teaches the model its time. Pure: no
 * timers, no server; the figures are what the planning alone gives, without any host's overhead.
 */
const UNIT = 1000
const KEY = LatencyModel.key('1536x2048', undefined)

interface BatchCase {
  jobs: number
  /** How long job i takes on the server (ms). */
  jobMs: (i: number, r: () => number) => number
  /** The polling knob in force (1 = budget slack, 0 = binding). */
  knob: number
  /** Jobs on the server at once: the next is submitted when one is seen done. */
  concurrency?: number
  model?: LatencyModel
  seed?: number
}

interface BatchResult {
  checksPerJob: number
  lags: number[]
  lastDone: number
  lastSeen: number
}

function playBatch(c: BatchCase): BatchResult {
  const r = mulberry32(c.seed ?? 5)
  const model = c.model ?? new LatencyModel(40 * UNIT)
  const replanner = new Replanner(model, UNIT, () => c.knob, r)
  const concurrency = c.concurrency ?? c.jobs
  const doneAt = new Map<string, number>()
  let cells: CellRow[] = []
  let submitted = 0
  let checks = 0
  const lags: number[] = []
  let lastDone = 0
  let lastSeen = 0
  const plan = (cell: CellRow, now: number): number =>
    planNextCheck({
      now,
      submittedAt: cell.submittedAt!,
      polls: cell.polls,
      estimate: model.estimate(KEY),
      aggressiveness: c.knob,
      unitMs: UNIT,
      scout: replanner.isScout(cell),
      jitter: replanner.jitterFor(cell),
    })
  const submit = (now: number): void => {
    const i = submitted++
    const base = cellIn('processing', { id: `c${i}`, submittedAt: now, updatedAt: now, polls: 0 })
    const cell = { ...base, nextCheckAt: plan(base, now) }
    doneAt.set(cell.id, now + c.jobMs(i, r))
    cells.push(cell)
  }
  let now = 0
  while (submitted < Math.min(concurrency, c.jobs)) submit(now)
  for (let guard = 0; cells.length > 0 && guard < 100_000; guard++) {
    const due = cells.map((cell) => replanner.due(cell, now))
    const next = Math.min(...due)
    if (next > now) {
      now = next
      continue
    }
    const i = due.indexOf(next)
    const cell = cells[i]!
    checks++
    const done = doneAt.get(cell.id)!
    if (now >= done) {
      // Seen done: the result's metrics give the job's own time.
      lags.push(now - done)
      lastDone = Math.max(lastDone, done)
      lastSeen = Math.max(lastSeen, now)
      model.add(KEY, done - cell.submittedAt!, now)
      cells = cells.filter((x) => x.id !== cell.id)
      replanner.retain(new Set(cells.map((x) => x.id)))
      if (submitted < c.jobs) submit(now)
    } else {
      const answered = { ...cell, polls: cell.polls + 1, updatedAt: now }
      cells[i] = { ...answered, nextCheckAt: plan(answered, now) }
    }
  }
  lags.sort((a, b) => a - b)
  return { checksPerJob: checks / c.jobs, lags, lastDone, lastSeen }
}

const around = (mean: number, spread: number) => (_: number, r: () => number) => mean + (r() * 2 - 1) * spread
const median = (xs: number[]): number => xs[Math.floor(xs.length / 2)]!

describe('a first batch with nothing learned, budget with slack', () => {
  it('fast server (2 s jobs): the last job is seen within 1.5x the ideal, median lag under a second', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const b = playBatch({ jobs: 8, jobMs: around(2000, 200), knob: 1, seed })
      expect(b.lastSeen).toBeLessThanOrEqual(1.5 * b.lastDone)
      expect(median(b.lags)).toBeLessThan(1000)
      // Scouts spend a few checks; the others are pulled in once one has learned.
      expect(b.checksPerJob).toBeLessThanOrEqual(2)
    }
  })

  it('slow server (2 min jobs): at most six status checks per job, as the issue allows', () => {
    for (const seed of [1, 2, 3]) {
      const b = playBatch({ jobs: 8, jobMs: around(120_000, 12_000), knob: 1, seed })
      expect(b.checksPerJob).toBeLessThanOrEqual(6)
    }
  })
})

describe('a first batch with nothing learned, budget binding', () => {
  it('slow server (2 min jobs, 6 images, 4 at once): one scout wastes at most one check (<= 3.2 requests per image)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const b = playBatch({ jobs: 6, concurrency: 4, jobMs: around(120_000, 12_000), knob: 0, seed })
      // Submit + checks + result: 2 + checks per image.
      expect(2 + b.checksPerJob).toBeLessThanOrEqual(3.2)
    }
  })

  it('fast server (2 s jobs): one check per job, the floor', () => {
    const b = playBatch({ jobs: 6, concurrency: 4, jobMs: around(2000, 200), knob: 0 })
    expect(b.checksPerJob).toBe(1)
  })

  it("a server like the prior (40 s) is seen at the scout's first check, and the rest at theirs", () => {
    const b = playBatch({ jobs: 6, concurrency: 4, jobMs: around(38_000, 2000), knob: 0 })
    expect(b.checksPerJob).toBe(1)
  })
})

describe('drifting servers', () => {
  it('a server that got 4x faster (40 s -> 10 s) is learned within a batch: the next one has low lag', () => {
    const model = new LatencyModel(40 * UNIT)
    const r = mulberry32(9)
    for (let i = 0; i < 64; i++) model.add(KEY, 40_000 + (r() * 2 - 1) * 4000, i)
    const first = playBatch({ jobs: 8, jobMs: around(10_000, 1000), knob: 1, model })
    const second = playBatch({ jobs: 8, jobMs: around(10_000, 1000), knob: 1, model })
    expect(median(second.lags)).toBeLessThan(2000)
    expect(median(second.lags)).toBeLessThan(median(first.lags))
  })

  it('a server that got 3x slower (40 s -> 120 s) costs a bounded number of checks, fewer once learned', () => {
    const model = new LatencyModel(40 * UNIT)
    const r = mulberry32(10)
    for (let i = 0; i < 64; i++) model.add(KEY, 40_000 + (r() * 2 - 1) * 4000, i)
    const first = playBatch({ jobs: 8, jobMs: around(120_000, 12_000), knob: 1, model })
    const second = playBatch({ jobs: 8, jobMs: around(120_000, 12_000), knob: 1, model })
    // Eager steps sized for a 40 s ± 4 s server until the tail, then waits that grow with the job's age: ~14
    // checks in the batch that meets the change (21 when waits grew with the overdue time alone), ~4 after.
    expect(first.checksPerJob).toBeLessThanOrEqual(15)
    expect(second.checksPerJob).toBeLessThanOrEqual(first.checksPerJob)
    expect(second.checksPerJob).toBeLessThanOrEqual(5)
  })
})

describe('Replanner scouts', () => {
  const cold = () => new Replanner(new LatencyModel(40 * UNIT), UNIT, () => knob, mulberry32(3))
  let knob = 1
  const cell = (i: number) => cellIn('processing', { id: `s${i}` })

  it('three scouts of a kind with slack, one when the budget binds', () => {
    knob = 1
    const slack = cold()
    expect([0, 1, 2, 3, 4].map((i) => slack.isScout(cell(i)))).toEqual([true, true, true, false, false])
    knob = 0
    const binding = cold()
    expect([0, 1, 2].map((i) => binding.isScout(cell(i)))).toEqual([true, false, false])
    expect(SCOUTS.binding).toBe(1)
  })

  it('staggers the scouts evenly: each takes its own third of a grid step', () => {
    knob = 1
    const rp = cold()
    const slices = [0, 1, 2].map((i) => Math.floor(rp.jitterFor(cell(i)) * 3))
    expect(slices.sort()).toEqual([0, 1, 2])
  })

  it('a scout that leaves frees its place for another job of the kind', () => {
    knob = 0
    const rp = cold()
    expect(rp.isScout(cell(0))).toBe(true)
    expect(rp.isScout(cell(1))).toBe(false)
    rp.retain(new Set(['s1']))
    expect(rp.isScout(cell(1))).toBe(true)
  })
})
