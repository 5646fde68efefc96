/**
 * `npm run bench -- library --images N --home DIR [--runs R]`: builds (or reuses) an N-image library in DIR and
 * measures, as medians and p95 of repeated runs, the core's side of the gallery: start to first page, next page,
 * search, filters, a grid page of a 20 000-cell batch, the start-up scan and the longest event-loop stall while it
 * runs. JSON goes to test/bench/results/, a Markdown table to stdout. Not part of `npm test`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { SOUL_STYLES } from '@shared/catalog'
import type { LibraryFilter, LibrarySort } from '@shared/contracts/library'
import { createCore } from '../../src/main/core'
import { openDatabase, sql, type Db } from '../../src/main/db/connection'
import { gridPage } from '../../src/main/db/grid-pages'
import { listPage } from '../../src/main/db/library'
import { dayCounts, facets } from '../../src/main/db/library-facets'
import { embedMetadata } from '../../src/main/library/embed'
import { createLogger } from '../../src/main/log'
import { generateLibrary } from './library-generate'
import { quantile } from './stats'

interface Summary {
  n: number
  median: number
  p95: number
  max: number
}

function summarize(ms: number[]): Summary {
  const s = [...ms].sort((a, b) => a - b)
  const r = (x: number | null): number => Math.round((x ?? 0) * 100) / 100
  return { n: s.length, median: r(quantile(s, 0.5)), p95: r(quantile(s, 0.95)), max: r(s.at(-1) ?? 0) }
}

function time<T>(fn: () => T): [number, T] {
  const t = performance.now()
  const out = fn()
  return [performance.now() - t, out]
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
  const core = await createCore({ home, apiKey: 'SG_bench0000000000', baseUrl: 'http://127.0.0.1:9', log: silent })
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
    if (i > 0) out.push(ms) // page 1 is the "first page" figure
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

  process.stderr.write('queries ...\n')
  const db = openDatabase(home)
  const big = sql(
    db,
    'SELECT batch_id AS b, count(*) AS n FROM cells GROUP BY batch_id ORDER BY n DESC LIMIT 1',
  ).get() as { b: string; n: number } | undefined
  const rep = (fn: () => unknown, n = runs * 4): number[] => Array.from({ length: n }, () => time(fn)[0])
  results['first page, newest (100 tiles)'] = summarize(
    rep(() => listPage(db, { filter: {}, sort: 'newest', limit: 100 })),
  )
  results['next page, newest (100 tiles, 200 pages deep)'] = summarize(pagesOf(db, {}, 'newest', 200))
  results['next page, by rating'] = summarize(pagesOf(db, {}, 'rating', 100))
  const fts: number[] = []
  for (const text of ['lighthouse', 'fox snow', 'neon street night', 'violin', 'portr', 'Medieval', '424242']) {
    fts.push(...rep(() => listPage(db, { filter: { text }, sort: 'newest', limit: 100 }), runs))
  }
  results['search (FTS5), first page of 100'] = summarize(fts)
  results['search, next pages'] = summarize(pagesOf(db, { text: 'lighthouse' }, 'newest', 50))
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
  const filt: number[] = []
  for (const f of filters) filt.push(...rep(() => listPage(db, { filter: f, sort: 'newest', limit: 100 }), runs))
  results['filter query (style, starred, rating, tag, month, trash, batch), first page'] = summarize(filt)
  if (big) {
    const grid: number[] = []
    for (let i = 0; i < runs * 4; i++) {
      const after = Math.floor((i / (runs * 4)) * (big.n - 500))
      grid.push(time(() => gridPage(db, big.b, after, 500))[0])
    }
    results[`grid page of a ${big.n}-cell batch (500 cells)`] = summarize(grid)
  }
  // Each run with another time zone: a cache miss every time (dates are cached until the library changes).
  let tz = 0
  results['library.dates (day headers, whole library, uncached)'] = summarize(rep(() => dayCounts(db, {}, tz++), runs))
  results['library.facets'] = summarize(rep(() => facets(db, false), runs))
  const total = rep(() => listPage(db, { filter: {}, sort: 'newest', limit: 1, withTotal: true }), runs)
  results['optional total (withTotal, whole library)'] = summarize(total)
  // The cost of embedding metadata into one downloaded image (why we embed on download).
  const sample = sql(db, "SELECT path FROM images WHERE mime = 'image/jpeg' LIMIT 1").get() as
    { path: string } | undefined
  if (sample) {
    const { readFileSync } = await import('node:fs')
    const bytes = readFileSync(join(home, sample.path))
    const meta = { parameters: 'p\nSeed: 1', soulBatch: JSON.stringify({ app: 'soul-batch', pad: 'x'.repeat(1500) }) }
    results['embed metadata into one JPEG (lossless)'] = summarize(rep(() => embedMetadata(bytes, meta), 200))
  }
  const count = (sql(db, 'SELECT count(*) AS n FROM images').get() as { n: number }).n
  db.close()

  const dir = join(process.cwd(), 'test', 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `library-${count}-${new Date().toISOString().slice(0, 10)}.json`)
  const machine = { node: process.version, platform: process.platform, arch: process.arch }
  writeFileSync(file, JSON.stringify({ images: count, runs, generated, machine, results }, null, 2))
  console.log(`| measure (${count} images, ms) | median | p95 | max | n |`)
  console.log('|---|---|---|---|---|')
  for (const [k, v] of Object.entries(results)) console.log(`| ${k} | ${v.median} | ${v.p95} | ${v.max} | ${v.n} |`)
  console.log(`\nresults: ${file}`)
}
