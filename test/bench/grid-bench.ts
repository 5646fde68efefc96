/**
 * `npm run bench -- grid [--runs 3] [--home DIR] [--width 1440 --height 900] [--no-export] [--no-browser]`: issue 9's grid benchmark on a 20 x 10
 * grid of full-size images (1536 x 2048 JPEGs in a real library, grid-library.ts):
 *  - export: grid.exportImage (PNG and JPEG at 384-px tiles; PNG at 256), the contact sheet and the CSV, each
 *    timed over --runs runs, with the event loop's longest delay while each runs (the drawing is in a worker);
 *  - browser: browser mode in Chromium opens the batch's grid (fresh browser context per run, so no cache): time
 *    from navigation to the first complete paint (every grid image in the viewport decoded), then scrolls to the end;
 *    every request to the image route is counted by variant (thumb or full): opening and scrolling must load thumbs
 *    only.
 * JSON goes to test/bench/results/grid-<date>.json; a Markdown table to stdout.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { startBenchServer } from './bench-server'
import { chromium } from '@playwright/test'
import { GridExportLayoutSchema } from '@shared/contracts/grid-export'
import { openDatabase } from '../../src/main/db/connection'
import { createGridExportHandlers } from '../../src/main/grid-export/grid-export-handlers'
import { makeGridLibrary, type GridLibrary } from './grid-library'
import { quantile } from './stats'

const root = resolve(import.meta.dirname, '../..')

function arg(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`)
  return at === -1 ? fallback : (args[at + 1] ?? fallback)
}
const r1 = (x: number): number => Math.round(x * 10) / 10

interface Spread {
  median: number
  min: number
  max: number
  all: number[]
}
function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b)
  return { median: r1(quantile(s, 0.5) ?? NaN), min: r1(s[0]!), max: r1(s.at(-1)!), all: xs.map(r1) }
}

function layoutOf(lib: GridLibrary, cellWidth: number) {
  return GridExportLayoutSchema.parse({
    title: 'Grid benchmark: 20 prompts x 10 styles',
    columns: lib.styles.map((s) => ({ label: s.name, sublabel: s.description })),
    rows: lib.prompts.map((prompt, r) => ({
      label: prompt,
      cells: lib.cellIds[r]!.map((cellId, c) => ({ cellId, winner: c === r % lib.styles.length })),
    })),
    cellWidth,
  })
}

/**
 * Runs one export call: its wall time, the event loop's longest delay meanwhile, and the CPU time the core's own
 * thread spent (the drawing runs in a worker thread, so this stays small however long the export takes).
 */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; stallMs: number; cpuMs: number; out: T }> {
  const h = monitorEventLoopDelay({ resolution: 5 })
  h.enable()
  const cpu0 = process.threadCpuUsage()
  const t0 = performance.now()
  const out = await run()
  const ms = performance.now() - t0
  const cpu = process.threadCpuUsage(cpu0)
  h.disable()
  return { ms, stallMs: h.max / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, out }
}

/** The event loop's longest delay over a few idle seconds: what the machine's load alone causes. */
async function idleStall(seconds: number): Promise<number> {
  const t = await timed(() => new Promise((r) => setTimeout(r, seconds * 1000)))
  return t.stallMs
}

async function exportBench(home: string, lib: GridLibrary, runs: number) {
  const db = openDatabase(home)
  const h = createGridExportHandlers({ db, home, now: () => Date.now() })
  const cases = [
    {
      name: 'image, PNG, 384-px tiles',
      cellWidth: 384,
      run: (l: ReturnType<typeof layoutOf>) => h['grid.exportImage']({ layout: l, format: 'png', confirmLarge: true }),
    },
    {
      name: 'image, JPEG, 384-px tiles',
      cellWidth: 384,
      run: (l: ReturnType<typeof layoutOf>) => h['grid.exportImage']({ layout: l, format: 'jpeg', confirmLarge: true }),
    },
    {
      name: 'image, PNG, 256-px tiles',
      cellWidth: 256,
      run: (l: ReturnType<typeof layoutOf>) => h['grid.exportImage']({ layout: l, format: 'png', confirmLarge: true }),
    },
    {
      name: 'contact sheet (HTML)',
      cellWidth: 384,
      run: (l: ReturnType<typeof layoutOf>) => h['grid.exportSheet']({ layout: l }),
    },
    {
      name: 'data (CSV)',
      cellWidth: 384,
      run: (l: ReturnType<typeof layoutOf>) => h['grid.exportData']({ layout: l, format: 'csv' }),
    },
  ]
  const results = []
  for (const c of cases) {
    const layout = layoutOf(lib, c.cellWidth)
    const plan = await h['grid.exportPlan']({ layout })
    const ms: number[] = []
    const stalls: number[] = []
    const cpus: number[] = []
    let size = { width: 0, height: 0, bytes: 0 }
    for (let i = 0; i < runs; i++) {
      const t = await timed(() => Promise.resolve(c.run(layout)))
      ms.push(t.ms)
      stalls.push(t.stallMs)
      cpus.push(t.cpuMs)
      const o = t.out as { path?: string; width?: number; height?: number; bytes?: number; text?: string }
      size = { width: o.width ?? 0, height: o.height ?? 0, bytes: o.bytes ?? (o.path ? statSync(o.path).size : 0) }
      process.stderr.write(
        `grid bench: ${c.name} run ${i + 1}: ${Math.round(t.ms)} ms (longest event-loop delay ${Math.round(t.stallMs)} ms, core thread CPU ${Math.round(t.cpuMs)} ms)\n`,
      )
    }
    results.push({
      name: c.name,
      plan: { width: plan.width, height: plan.height, warning: plan.warning !== null },
      ...size,
      ms: spread(ms),
      eventLoopMaxDelayMs: spread(stalls),
      coreThreadCpuMs: spread(cpus),
    })
  }
  db.close()
  return results
}

/**
 * In the page: how many grid images are on screen (inside the window and the grid's scroll box, which clips them)
 * when every one of them is decoded; 0 while any is still loading.
 */
const VISIBLE_COMPLETE = `(() => {
  const box = document.querySelector('[data-testid="grid"]');
  if (!box) return 0;
  const b = box.getBoundingClientRect();
  const top = Math.max(0, b.top), bottom = Math.min(window.innerHeight, b.bottom);
  const left = Math.max(0, b.left), right = Math.min(window.innerWidth, b.right);
  const visible = Array.from(box.querySelectorAll('img')).filter((i) => {
    const r = i.getBoundingClientRect();
    return r.width > 0 && r.bottom > top && r.top < bottom && r.right > left && r.left < right;
  });
  return visible.length > 0 && visible.every((i) => i.complete && i.naturalWidth > 0) ? visible.length : 0;
})()`

/** Scrolls every scrollable box around the grid (and the page) to a fraction of its range. */
const scrollTo = (f: number): string => `(() => {
  let el = document.querySelector('[data-testid="grid"]');
  while (el) { if (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2) { el.scrollTop = ${f} * (el.scrollHeight - el.clientHeight); el.scrollLeft = ${f} * (el.scrollWidth - el.clientWidth); } el = el.parentElement; }
  window.scrollTo(${f} * document.documentElement.scrollWidth, ${f} * document.documentElement.scrollHeight);
})()`

async function browserBench(home: string, lib: GridLibrary, runs: number, width: number, height: number) {
  const port = 5400 + Math.floor(Math.random() * 500)
  const token = 'grid-bench-token-0123456789abcdef'
  const base = `http://127.0.0.1:${port}`
  if (!existsSync(join(root, 'out', 'renderer', 'index.html')))
    throw new Error('build the renderer first: npx electron-vite build')
  const stop = await startBenchServer(home, port, token)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  })
  const paints: number[] = []
  const requests: { open: Record<string, number>; afterScroll: Record<string, number>; visibleImages: number }[] = []
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh context: no cached thumbnails, a new session.
      const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true })
      const page = await context.newPage()
      await page.goto(`${base}/?token=${token}`)
      // The session lives under a per-run path prefix (/s/<random>/): the batch's URL is made from where we landed.
      const landed = new URL(page.url())
      const gridUrl = `${landed.origin}${landed.pathname}?view=batch&id=${encodeURIComponent(lib.batchId)}`
      const counts: Record<string, number> = {}
      page.on('request', (req) => {
        const m = /\/images\/[^/]+\/([a-z]+)/.exec(new URL(req.url()).pathname)
        if (m) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1
      })
      await page.goto(gridUrl, { waitUntil: 'commit' })
      const visible = (await (
        await page.waitForFunction(VISIBLE_COMPLETE, undefined, { timeout: 120_000, polling: 'raf' })
      ).jsonValue()) as number
      const paintedAt = (await page.evaluate('performance.now()')) as number
      paints.push(paintedAt)
      const open = { ...counts }
      for (const f of [0.25, 0.5, 0.75, 1]) {
        await page.evaluate(scrollTo(f))
        await page.waitForFunction(VISIBLE_COMPLETE, undefined, { timeout: 120_000, polling: 100 })
      }
      requests.push({ open, afterScroll: { ...counts }, visibleImages: visible })
      process.stderr.write(
        `grid bench: browser run ${i + 1}: first complete paint ${Math.round(paintedAt)} ms, requests ${JSON.stringify(counts)}\n`,
      )
      await context.close()
    }
  } finally {
    await browser.close()
    stop()
  }
  return { viewport: { width, height }, firstCompletePaintMs: spread(paints), requests }
}

export async function runGridBench(args: string[]): Promise<void> {
  const runs = Math.max(1, Number(arg(args, 'runs', '3')))
  const width = Number(arg(args, 'width', '1440'))
  const height = Number(arg(args, 'height', '900'))
  const own = !args.includes('--home')
  const home = own ? mkdtempSync(join(tmpdir(), 'soul-batch-grid-bench-')) : resolve(arg(args, 'home', ''))
  try {
    const t0 = performance.now()
    // With --home, the library is made once and reused (its batch id and cells are kept beside it).
    const saved = join(home, 'grid-bench-library.json')
    let lib: GridLibrary
    if (existsSync(saved)) lib = JSON.parse(readFileSync(saved, 'utf8')) as GridLibrary
    else {
      const db = openDatabase(home)
      lib = await makeGridLibrary(db, home)
      db.close()
      writeFileSync(saved, JSON.stringify(lib))
    }
    const librarySeconds = r1((performance.now() - t0) / 1000)
    // The same measure over idle seconds, before the exports: how much of a delay the machine's load causes alone.
    const idleEventLoopMaxDelayMs = r1(await idleStall(5))
    const exports = args.includes('--no-export') ? [] : await exportBench(home, lib, runs)
    const browser = args.includes('--no-browser') ? null : await browserBench(home, lib, runs, width, height)
    const result = {
      measuredAt: new Date().toISOString(),
      machine: {
        node: process.version,
        platform: process.platform,
        arch: process.arch,
        load: (await import('node:os')).loadavg().map(r1),
      },
      grid: {
        rows: lib.prompts.length,
        columns: lib.styles.length,
        imageSize: '1536x2048 JPEG',
        imageMegabytes: r1(lib.bytes / 1e6),
        librarySeconds,
      },
      runs,
      idleEventLoopMaxDelayMs,
      exports,
      browser,
    }
    const dir = join(root, 'test', 'bench', 'results')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, `grid-${result.measuredAt.slice(0, 10)}.json`)
    writeFileSync(file, JSON.stringify(result, null, 2))
    const f = (s: Spread): string => `${s.median} (${s.min}–${s.max})`
    console.log('| export of the 20 x 10 grid | output | wall ms | core thread CPU ms | longest event-loop delay ms |')
    console.log('| --- | --- | --- | --- | --- |')
    for (const e of exports) {
      const out = e.width ? `${e.width} x ${e.height}, ${r1(e.bytes / 1e6)} MB` : `${r1(e.bytes / 1e6)} MB`
      console.log(`| ${e.name} | ${out} | ${f(e.ms)} | ${f(e.coreThreadCpuMs)} | ${f(e.eventLoopMaxDelayMs)} |`)
    }
    if (browser) {
      console.log(`\nfirst complete paint of the grid (${width}x${height}): ${f(browser.firstCompletePaintMs)} ms`)
      console.log(`image requests by variant: ${JSON.stringify(browser.requests)}`)
    }
    console.log(`\nresults: ${file}`)
  } finally {
    if (own) rmSync(home, { recursive: true, force: true })
  }
}
