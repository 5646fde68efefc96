/**
 * `npm run bench`: our scheduler against a 1-second fixed-interval poller like Segmind's SDK, side by side in one
 * run, at 5 and 50 RPM, and a sweep of our poll knob to show the requests-vs-latency curve. The simulator is
 * time-scaled (40 s jobs take 40 x scale wall seconds); every figure is reported in model time. Results go to a
 * JSON file whose path is printed, and a Markdown table goes to stdout for the README.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runGridBench } from './grid-bench'
import { runImageWorkBench } from './image-work'
import { runLibraryBench } from './library-bench'
import { runScenario, type Scenario, type ScenarioResult } from './scenario'
import { runScaleBench } from './scale'
import { runServersBench } from './servers'

// `npm run bench -- servers [--runs N]`: fast and slow servers, fresh and second-process libraries.
if (process.argv[2] === 'servers') {
  await runServersBench(process.argv.slice(3))
  process.exit(0)
}
// `npm run bench -- scale [--runs N]`: 1 000 and 10 000 cells against near-instant jobs (CPU, statements, stalls).
if (process.argv[2] === 'scale') {
  await runScaleBench(process.argv.slice(3))
  process.exit(0)
}

// `npm run bench -- grid [--runs N]`: a 20 x 10 grid of full-size images: export times, first paint, thumbs only.
if (process.argv[2] === 'grid') {
  await runGridBench(process.argv.slice(3))
  process.exit(0)
}

// `npm run bench -- image-work [--images N] [--scale S]`: one saved image's work on the host thread vs the pool.
if (process.argv[2] === 'image-work') {
  await runImageWorkBench(process.argv.slice(3))
  process.exit(0)
}

// `npm run bench -- library --images N --home DIR`: the library scenario alone (see library-bench.ts).
if (process.argv[2] === 'library') {
  await runLibraryBench()
  process.exit(0)
}

const timeScale = Number(process.env.BENCH_TIME_SCALE ?? 0.02)
const deadlineSeconds = Number(process.env.BENCH_DEADLINE_SECONDS ?? 60)
const quick = process.argv.includes('--quick')

const scenarios: Scenario[] = []
const add = (name: string, rpm: number, images: number, concurrency: number, clients: Scenario['client'][]): void => {
  for (const client of clients) scenarios.push({ name, rpm, images, concurrency, client })
}
const sweep: Scenario['client'][] = quick ? ['sdk', 'auto'] : ['sdk', 'auto', 0, 0.5, 1]
// Free plan: the budget binds from the first request.
add('free 5 rpm', 5, quick ? 6 : 12, 4, sweep)
// Pro plan, a big batch: the budget binds (50 rpm / 3 = 16.7 images/min < 16 jobs / 40 s = 24/min).
add('pro 50 rpm, 120 images', 50, quick ? 40 : 120, 16, sweep)
// Pro plan, a handful of images: the budget has slack, so latency is what a person feels.
add('pro 50 rpm, 4 images', 50, 4, 4, sweep)

const results: ScenarioResult[] = []
for (const s of scenarios) {
  process.stderr.write(`bench: ${s.name}, client ${s.client} ... `)
  const r = await runScenario(s, timeScale, deadlineSeconds)
  process.stderr.write(`${r.saved}/${s.images} saved in ${r.wallSeconds}s wall${r.timedOut ? ' (deadline hit)' : ''}\n`)
  results.push(r)
}

const dir = join(process.cwd(), '.bench')
mkdirSync(dir, { recursive: true })
const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
const machine = { node: process.version, platform: process.platform, arch: process.arch }
writeFileSync(file, JSON.stringify({ timeScale, deadlineSeconds, machine, results }, null, 2))

const label = (c: Scenario['client']): string =>
  c === 'sdk' ? 'SDK-style 1 s poller' : c === 'auto' ? 'Soul Batch (auto)' : `Soul Batch (knob ${c})`
const fmt = (x: number | null): string => (x === null ? '–' : String(x))
console.log(
  '| scenario | client | saved | requests / image | 429s | lag p50 s | lag p90 s | lag p99 s | images / min | share of bound |',
)
console.log('|---|---|---|---|---|---|---|---|---|---|')
for (const r of results) {
  console.log(
    `| ${r.name} | ${label(r.client)} | ${r.saved}/${r.images}${r.timedOut ? ' (deadline)' : ''} | ${fmt(r.requestsPerImage)} | ${r.rateLimited} | ${fmt(r.detectionLagSeconds.p50)} | ${fmt(r.detectionLagSeconds.p90)} | ${fmt(r.detectionLagSeconds.p99)} | ${r.imagesPerMinute} | ${Math.round(r.throughputShare * 100)}% |`,
  )
}
console.log(`\nresults: ${file}`)
