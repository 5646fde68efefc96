/**
 * `npm run bench -- servers`: the scheduler against servers unlike its prior (jobs of 2 s and of 120 s instead of
 * Segmind's ~40 s), on a fresh library and then from a NEW process on the same library (learned timing must
 * carry over), with budget slack and with the budget binding. Each scenario runs `--runs N` times (default 3);
 * the table gives the median and the spread (min–max) of each figure. JSON goes to .bench/.
 *
 * Figures are in model time (wall / time scale). "ideal" = from the batch's start to the last job the server
 * completed: what an oracle that checked at exactly the right moment would need, minus its final fetch.
 * "last seen / ideal" = when the last job was seen done, over the ideal: the planner's own share of the wall; the
 * rest of the wall is fetching and saving the images (host work, which a loaded machine stretches).
 *
 * `--only fast|slow` and `--budget slack|binding` run one case; `--trace` prints each batch's requests and each
 * job's completion and detection (model seconds) on stderr. The machine's load average goes into the JSON.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { SOUL_STYLES } from '@shared/catalog'
import type { Endpoint } from '../../src/main/cloud/types'
import { createCore } from '../../src/main/core'
import type { Logger } from '../../src/main/core-types'
import { startSimulator, type SimulatorHandle } from '../../src/simulator'
import { quantile } from './stats'

const KEY = 'SG_bench0000000000ab'
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} }

interface ServerCase {
  server: string
  jobSeconds: number
  jitterSeconds: number
  timeScale: number
}
interface BudgetCase {
  budget: string
  rpm: number
  images: number
  concurrency: number
}

const SERVERS: ServerCase[] = [
  { server: 'fast (2 s jobs)', jobSeconds: 2, jitterSeconds: 0.2, timeScale: 0.1 },
  { server: 'slow (120 s jobs)', jobSeconds: 120, jitterSeconds: 12, timeScale: 0.01 },
]
const BUDGETS: BudgetCase[] = [
  // 8 images cost ~24 requests: at 50 rpm that alone takes 30 s, so a 2 s server needs a roomier budget to have slack.
  { budget: 'slack (1000 rpm, 8 images)', rpm: 1000, images: 8, concurrency: 8 },
  { budget: 'binding (Free 5 rpm, 6 images)', rpm: 5, images: 6, concurrency: 4 },
]

interface PhaseResult {
  saved: number
  images: number
  wallOverIdeal: number
  /** When the last job was seen done, over the ideal: the planner's share of the wall (the rest is fetch and save). */
  seenOverIdeal: number
  requestsPerImage: number
  statusPerImage: number
  lagP50: number
  lagP90: number
  rateLimited: number
}

/** `--trace`: each batch's requests and each job's completion and detection, in model seconds, on stderr. */
let trace = false

async function runBatch(
  sim: SimulatorHandle,
  home: string,
  sc: ServerCase,
  b: BudgetCase,
  label: string,
): Promise<PhaseResult> {
  const requests: Record<string, number> = { submit: 0, status: 0, result: 0 }
  let rateLimited = 0
  const timeline: string[] = []
  let start = Date.now()
  const model = (t: number): string => ((t - start) / sc.timeScale / 1000).toFixed(2)
  const onRequest = (e: { endpoint: Endpoint; status: number | null }): void => {
    if (e.endpoint in requests) requests[e.endpoint] = (requests[e.endpoint] ?? 0) + 1
    if (e.status === 429) rateLimited++
    if (trace) timeline.push(`${model(Date.now())} ${e.endpoint} ${e.status ?? '-'}`)
  }
  sim.counters.completedAt.clear()
  sim.counters.detectedAt.clear()
  // Opening the library (recovery, scan, simulator warm-up) is not the batch's time: start the clock after.
  const core = await createCore({
    home,
    apiKey: KEY,
    baseUrl: sim.url,
    timeScale: sc.timeScale,
    settings: { plan: 'custom', rpm: b.rpm, concurrency: b.concurrency, getsCountTowardRpm: true, mode: 'async' },
    onRequest,
    log: silent,
  })
  start = Date.now()
  const { batchId } = await core.handlers['batch.create']({
    matrix: {
      prompts: Array.from({ length: b.images / 2 }, (_, i) => ({ prompt: `${label} prompt ${i}` })),
      styleIds: [SOUL_STYLES[0]!.id, SOUL_STYLES[1]!.id],
      seeds: { mode: 'shared', count: 1 },
      width_and_height: '1536x2048',
      quality: '1080p',
      style_strength: 1,
      enhance_prompt: false,
    },
  })
  await core.waitForIdle()
  const wall = Date.now() - start
  const batch = await core.handlers['batch.get']({ batchId })
  const saved = batch.cells.filter((c) => c.state === 'saved').length
  await core.close()
  const lags: number[] = []
  let lastDone = start
  let lastSeen = start
  for (const [id, doneAt] of sim.counters.completedAt) {
    lastDone = Math.max(lastDone, doneAt)
    const seen = sim.counters.detectedAt.get(id)
    if (seen !== undefined) lags.push((seen - doneAt) / sc.timeScale / 1000)
    if (seen !== undefined) lastSeen = Math.max(lastSeen, seen)
  }
  lags.sort((x, y) => x - y)
  if (trace) {
    const jobs = [...sim.counters.completedAt].map(([id, doneAt]) => {
      const seen = sim.counters.detectedAt.get(id)
      return `done ${model(doneAt)} seen ${seen === undefined ? '-' : model(seen)}`
    })
    process.stderr.write(
      `\n[${label}] wall ${model(start + wall)} ideal ${model(lastDone)}\n  jobs: ${jobs.join('; ')}\n  requests: ${timeline.join(', ')}\n`,
    )
  }
  const calls = (requests.submit ?? 0) + (requests.status ?? 0) + (requests.result ?? 0)
  return {
    saved,
    images: b.images,
    wallOverIdeal: wall / Math.max(1, lastDone - start),
    seenOverIdeal: (lastSeen - start) / Math.max(1, lastDone - start),
    requestsPerImage: calls / Math.max(1, b.images),
    statusPerImage: (requests.status ?? 0) / Math.max(1, b.images),
    lagP50: quantile(lags, 0.5) ?? Number.NaN,
    lagP90: quantile(lags, 0.9) ?? Number.NaN,
    rateLimited,
  }
}

/** One run: a fresh library, a first batch, then a second process on the same library with a second batch. */
async function runOnce(
  sc: ServerCase,
  b: BudgetCase,
  run: number,
): Promise<{ first: PhaseResult; second: PhaseResult }> {
  const sim = await startSimulator({
    timeScale: sc.timeScale,
    imageScale: 0.02,
    rpm: b.rpm,
    getsCount: true,
    workers: 256,
    latencyMeanSeconds: sc.jobSeconds,
    latencyJitterSeconds: sc.jitterSeconds,
    apiKeys: [KEY],
    credits: 1e6,
    seed: 11 + run,
  })
  const home = mkdtempSync(join(tmpdir(), 'soul-bench-servers-'))
  try {
    const first = await runBatch(sim, home, sc, b, `run ${run} first`)
    // A whole rate window between processes, as between two CLI runs a person starts.
    await new Promise((r) => setTimeout(r, 60_000 * sc.timeScale))
    const second = await runBatch(sim, home, sc, b, `run ${run} second`)
    return { first, second }
  } finally {
    await sim.stop()
    rmSync(home, { recursive: true, force: true })
  }
}

export interface Spread {
  median: number
  min: number
  max: number
}
function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b)
  const r = (x: number): number => Math.round(x * 100) / 100
  return { median: r(quantile(s, 0.5) ?? Number.NaN), min: r(s[0] ?? Number.NaN), max: r(s.at(-1) ?? Number.NaN) }
}

export async function runServersBench(argv: string[]): Promise<void> {
  const runsArg = argv.indexOf('--runs')
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 3
  trace = argv.includes('--trace')
  // `--only fast|slow` and `--budget slack|binding`: one server or budget (to study a case; the README table runs all).
  const only = argv.indexOf('--only') >= 0 ? argv[argv.indexOf('--only') + 1] : undefined
  const onlyBudget = argv.indexOf('--budget') >= 0 ? argv[argv.indexOf('--budget') + 1] : undefined
  const rows: Record<string, unknown>[] = []
  const loadBefore = loadavg()
  const table: string[] = []
  for (const sc of SERVERS.filter((x) => only === undefined || x.server.startsWith(only))) {
    for (const b of BUDGETS.filter((x) => onlyBudget === undefined || x.budget.startsWith(onlyBudget))) {
      const results: { first: PhaseResult; second: PhaseResult }[] = []
      for (let i = 0; i < runs; i++) {
        process.stderr.write(`bench servers: ${sc.server}, ${b.budget}, run ${i + 1}/${runs} ... `)
        const r = await runOnce(sc, b, i)
        process.stderr.write(`first ${r.first.saved}/${b.images}, second ${r.second.saved}/${b.images}\n`)
        results.push(r)
      }
      for (const phase of ['first', 'second'] as const) {
        const ps = results.map((r) => r[phase])
        const summary = {
          server: sc.server,
          budget: b.budget,
          phase: phase === 'first' ? 'first batch, fresh library' : 'second batch, new process',
          runs,
          saved: ps.map((p) => `${p.saved}/${p.images}`).join(' '),
          wallOverIdeal: spread(ps.map((p) => p.wallOverIdeal)),
          seenOverIdeal: spread(ps.map((p) => p.seenOverIdeal)),
          requestsPerImage: spread(ps.map((p) => p.requestsPerImage)),
          statusPerImage: spread(ps.map((p) => p.statusPerImage)),
          lagP50: spread(ps.map((p) => p.lagP50)),
          lagP90: spread(ps.map((p) => p.lagP90)),
          rateLimited: spread(ps.map((p) => p.rateLimited)),
        }
        rows.push(summary)
        const f = (x: Spread): string => `${x.median} (${x.min}–${x.max})`
        table.push(
          `| ${sc.server} | ${b.budget} | ${summary.phase} | ${summary.saved} | ${f(summary.wallOverIdeal)} | ${f(summary.seenOverIdeal)} | ${f(summary.requestsPerImage)} | ${f(summary.statusPerImage)} | ${f(summary.lagP50)} | ${f(summary.lagP90)} | ${f(summary.rateLimited)} |`,
        )
      }
    }
  }
  const dir = join(process.cwd(), '.bench')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `servers-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(
    file,
    JSON.stringify(
      { runs, machine: { node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg() }, results: rows },
      null,
      2,
    ),
  )
  console.log(
    '| server | budget | phase | saved per run | wall / ideal | last seen / ideal | requests / image | status polls / image | lag p50 s | lag p90 s | 429s |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|---|---|')
  for (const line of table) console.log(line)
  console.log(`\nresults: ${file}`)
}
