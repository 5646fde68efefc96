/**
 * `npm run bench -- library --images N --home DIR [--runs R]`: builds (or reuses) an N-image library in DIR and
 * measures, as medians and p95 of repeated runs, the core's side of the gallery: start to first page, next page,
 * search, filters, a grid page of a 20 000-cell batch, the start-up scan and the longest event-loop stall while it
 * runs. JSON goes to test/bench/results/, a Markdown table to stdout. Not part of `npm test`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { SOUL_STYLES } from '@shared/catalog'
import type { LibraryFilter, LibrarySort } from '@shared/contracts/library'
import { createCore } from '../../src/main/core'
import { openDatabase, sql, type Db } from '../../src/main/db/connection'
import { gridPage } from '../../src/main/db/grid-pages'
import { listPage } from '../../src/main/db/library'
import { batchFacets, clearLibraryCaches, dayCounts, styleFacets } from '../../src/main/db/library-facets'
import { embedMetadata } from '../../src/main/library/embed'
import { createLogger } from '../../src/main/log'
import { generateLibrary } from './library-generate'
import { quantile } from './stats'

interface Summary {
  n: number
  median: number
  p95: number
  max: number
  /** For synchronous queries: the same calls' CPU time on this thread. */
  cpu?: { median: number; p95: number }
}

const r2 = (x: number | null): number => Math.round((x ?? 0) * 100) / 100

function summarize(ms: number[]): Summary {
  const s = [...ms].sort((a, b) => a - b)
  return { n: s.length, median: r2(quantile(s, 0.5)), p95: r2(quantile(s, 0.95)), max: r2(s.at(-1) ?? 0) }
}

/** Summarizes timed calls made since `from` (an index into cpuTimes), wall and CPU. */
function summarizeTimed(ms: number[], from: number): Summary {
  const cpu = cpuTimes.slice(from).sort((a, b) => a - b)
  return { ...summarize(ms), cpu: { median: r2(quantile(cpu, 0.5)), p95: r2(quantile(cpu, 0.95)) } }
}

/** Runs `measure` and files its wall and CPU summary under `name`. */
function record(results: Record<string, Summary>, name: string, measure: () => number[]): void {
  const from = cpuTimes.length
  const ms = measure()
  results[name] = summarizeTimed(ms, from)
}

/** Wall time and this thread's CPU time of one call: on a shared, loaded machine the two differ a lot. */
const cpuTimes: number[] = []
function time<T>(fn: () => T): [number, T] {
  const c = process.threadCpuUsage()
  const t = performance.now()
  const out = fn()
  const wall = performance.now() - t
  const used = process.threadCpuUsage(c)
  cpuTimes.push((used.user + used.system) / 1000)
  return [wall, out]
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

const silent = createLogger(() => {})

/** Start (createCore, which starts the queue) to the first gallery page; the scan keeps running behind it. */
async function startToFirstPage(home: string): Promise<number> {
  const t0 = performance.now()
  const core = await createCore({ home, apiKey: 'SG_bench0000000000', baseUrl: 'http://127.0.0.1:9', log: silent })
  await core.handlers['library.list']({ filter: {}, sort: 'newest', limit: 100, withTotal: false })
  const ms = performance.now() - t0
  await core.close()
  return ms
}

/** The background scan of a started core: its duration and the longest stall of the event loop meanwhile. */
async function scanRun(
  home: string,
): Promise<{ scanMs: number; maxStallMs: number; probeMaxMs: number; busyMaxMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 })
  // A second, plain probe: how late a 5 ms timer fires (what a click or an HTTP request would wait), and how much
  // of that gap this thread spent on the CPU: on a loaded machine a gap can be the OS running someone else, while
  // CPU time between two ticks is work of ours that held the loop.
  let probeMax = 0
  let busyMax = 0
  let last = performance.now()
  let cpu = process.threadCpuUsage()
  const probe = setInterval(() => {
    const now = performance.now()
    const used = process.threadCpuUsage(cpu)
    cpu = process.threadCpuUsage()
    probeMax = Math.max(probeMax, now - last - 5)
    busyMax = Math.max(busyMax, (used.user + used.system) / 1000)
    last = now
  }, 5)
  h.enable()
  const t0 = performance.now()
  // The scan itself, from the start (the app waits 2 s before it begins, CoreOptions.scanDelayMs).
  const core = await createCore({
    home,
    apiKey: 'SG_bench0000000000',
    baseUrl: 'http://127.0.0.1:9',
    log: silent,
    scanDelayMs: 0,
  })
  await core.whenScanned()
  const scanMs = performance.now() - t0
  h.disable()
  clearInterval(probe)
  await core.close()
  return { scanMs, maxStallMs: h.max / 1e6, probeMaxMs: probeMax, busyMaxMs: busyMax }
}

function pagesOf(db: Db, filter: LibraryFilter, sort: LibrarySort, pages: number): number[] {
  const out: number[] = []
  let cursor: string | null = null
  for (let i = 0; i < pages; i++) {
    const [ms, page] = time(() => listPage(db, { filter, sort, limit: 100, cursor }))
    if (i > 0) out.push(ms)
    else cpuTimes.pop() // page 1 is the "first page" figure
    cursor = page.nextCursor
    if (!cursor) break
  }
  return out
}

export async function runLibraryBench(): Promise<void> {
  const images = Number(arg('images', '100000'))
  const home = resolve(arg('home', join(process.cwd(), '.bench', `library-${images}`)))
  const runs = Number(arg('runs', '5'))
  let generated = null
  if (!existsSync(join(home, 'soul-batch.db'))) {
    generated = await generateLibrary(home, images)
    process.stderr.write(`generated ${generated.images} images in ${generated.seconds.toFixed(1)} s\n`)
  } else process.stderr.write(`reusing the library in ${home}\n`)

  const results: Record<string, Summary> = {}
  const queriesOnly = process.argv.includes('--queries-only')
  if (!queriesOnly) await measureStartAndScan(home, runs, results)
  await measureQueries(home, runs, results)
  const db = openDatabase(home)
  const count = (sql(db, 'SELECT count(*) AS n FROM images').get() as { n: number }).n
  db.close()
  report(count, runs, generated, results, queriesOnly)
}

async function measureStartAndScan(home: string, runs: number, results: Record<string, Summary>): Promise<void> {
  process.stderr.write('start to first page ...\n')
  const starts: number[] = []
  for (let i = 0; i < runs; i++) starts.push(await startToFirstPage(home))
  results['start to first gallery page (createCore + library.list)'] = summarize(starts)

  process.stderr.write('scan ...\n')
  const scans = []
  for (let i = 0; i < Math.max(2, Math.ceil(runs / 2)); i++) scans.push(await scanRun(home))
  results['start-up scan, whole library (background)'] = summarize(scans.map((s) => s.scanMs))
  results['longest event-loop stall during start + scan (monitorEventLoopDelay)'] = summarize(
    scans.map((s) => s.maxStallMs),
  )
  results['longest 5 ms timer delay during start + scan'] = summarize(scans.map((s) => s.probeMaxMs))
  results['longest CPU-busy stretch between two 5 ms ticks (thread CPU time)'] = summarize(
    scans.map((s) => s.busyMaxMs),
  )
}

async function measureQueries(home: string, runs: number, results: Record<string, Summary>): Promise<void> {
  process.stderr.write('queries ...\n')
  const db = openDatabase(home)
  const big = sql(
    db,
    'SELECT batch_id AS b, count(*) AS n FROM cells GROUP BY batch_id ORDER BY n DESC LIMIT 1',
  ).get() as { b: string; n: number } | undefined
  const rep = (fn: () => unknown, n = runs * 4): number[] => Array.from({ length: n }, () => time(fn)[0])
  record(results, 'first page, newest (100 tiles)', () =>
    rep(() => listPage(db, { filter: {}, sort: 'newest', limit: 100 })),
  )
  record(results, 'next page, newest (100 tiles, 200 pages deep)', () => pagesOf(db, {}, 'newest', 200))
  record(results, 'next page, by rating', () => pagesOf(db, {}, 'rating', 100))
  record(results, 'search (FTS5), first page of 100', () => {
    const fts: number[] = []
    for (const text of ['lighthouse', 'fox snow', 'neon street night', 'violin', 'portr', 'Medieval', '424242']) {
      fts.push(...rep(() => listPage(db, { filter: { text }, sort: 'newest', limit: 100 }), runs))
    }
    return fts
  })
  record(results, 'search, next pages', () => pagesOf(db, { text: 'lighthouse' }, 'newest', 50))
  const filters: LibraryFilter[] = [
    { styleIds: [SOUL_STYLES[3]!.id] },
    { starred: true },
    { minRating: 4 },
    { tag: 'keeper' },
    { from: Date.UTC(2026, 5, 1), to: Date.UTC(2026, 6, 1) },
    { styleIds: [SOUL_STYLES[1]!.id, SOUL_STYLES[2]!.id], starred: true },
    { trashed: true },
    ...(big ? [{ batchId: big.b }] : []),
  ]
  record(results, 'filter query (style, starred, rating, tag, month, trash, batch), first page', () =>
    filters.flatMap((f) => rep(() => listPage(db, { filter: f, sort: 'newest', limit: 100 }), runs)),
  )
  if (big) {
    record(results, `grid page of a ${big.n}-cell batch (500 cells)`, () =>
      Array.from({ length: runs * 4 }, (_, i) => {
        // A page starting at a row spread through the batch (rows hold a few cells each, so every page is full).
        const row = Math.floor((i / (runs * 4)) * ((big.n - 500) / 10))
        return time(() => gridPage(db, big.b, { promptIndex: row, ord: -1 }, 500))[0]
      }),
    )
  }
  // Uncached figures: both are cached until the library changes, so the caches are dropped before each call.
  record(results, 'library.dates (day headers, whole library, uncached)', () =>
    rep(() => {
      clearLibraryCaches(db)
      return dayCounts(db, {}, 0)
    }, runs),
  )
  // library.facets runs its two whole-library counts in separate event-loop turns: each part is one stall.
  record(results, 'library.facets, style counts (uncached; one event-loop turn)', () =>
    rep(() => styleFacets(db), runs),
  )
  record(results, 'library.facets, batch counts (uncached; one event-loop turn)', () =>
    rep(() => batchFacets(db), runs),
  )
  record(results, 'library.dates, cached (no change since)', () => rep(() => dayCounts(db, {}, 0), runs))
  record(results, 'optional total (withTotal, whole library)', () =>
    rep(() => listPage(db, { filter: {}, sort: 'newest', limit: 1, withTotal: true }), runs),
  )
  // The cost of embedding metadata into one downloaded image (why we embed on download).
  const sample = sql(db, "SELECT path FROM images WHERE mime = 'image/jpeg' LIMIT 1").get() as
    { path: string } | undefined
  if (sample) {
    const bytes = readFileSync(join(home, sample.path))
    const meta = { parameters: 'p\nSeed: 1', soulBatch: JSON.stringify({ app: 'soul-batch', pad: 'x'.repeat(1500) }) }
    record(results, 'embed metadata into one JPEG (lossless)', () => rep(() => embedMetadata(bytes, meta), 200))
  }
  db.close()
}

function report(
  count: number,
  runs: number,
  generated: unknown,
  results: Record<string, Summary>,
  queriesOnly: boolean,
): void {
  const dir = join(process.cwd(), 'test', 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(
    dir,
    // Date and time (UTC), so a second run on one day does not overwrite the first.
    `library-${count}${queriesOnly ? '-queries' : ''}-${new Date().toISOString().slice(0, 16).replace(':', '')}.json`,
  )
  const machine = { node: process.version, platform: process.platform, arch: process.arch }
  writeFileSync(file, JSON.stringify({ images: count, runs, generated, machine, results }, null, 2))
  console.log(`| measure (${count} images, ms) | wall median | wall p95 | CPU median | CPU p95 | n |`)
  console.log('|---|---|---|---|---|---|')
  for (const [k, v] of Object.entries(results)) {
    console.log(`| ${k} | ${v.median} | ${v.p95} | ${v.cpu?.median ?? '–'} | ${v.cpu?.p95 ?? '–'} | ${v.n} |`)
  }
  console.log(`\nresults: ${file}`)
}
