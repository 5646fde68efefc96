/**
 * The gallery in a real browser against a big library (made by `npm run bench -- library --images N --home DIR`):
 * opens browser mode on that folder in Chromium and measures, over repeated page loads,
 *  - first tile: navigation start to the first tile element in the DOM, and to its thumbnail decoded (the first
 *    gallery paint a person sees);
 *  - DOM nodes of the whole document at the top, after jumping to the middle and after scrolling to the very end.
 * Not part of `npm test` (figures, not assertions). Usage:
 *   npx tsx test/bench/gallery-browser.ts --home DIR [--runs 7] [--width 1440 --height 900]
 * JSON goes to .bench/gallery-browser-<time>.json; a summary to stdout.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startBenchServer } from './bench-server'
import { chromium, type Page } from '@playwright/test'

function arg(name: string, fallback?: string): string {
  const at = process.argv.indexOf(`--${name}`)
  const value = at === -1 ? fallback : process.argv[at + 1]
  if (value === undefined) throw new Error(`--${name} is required`)
  return value
}

const home = resolve(arg('home'))
const runs = Number(arg('runs', '7'))
const width = Number(arg('width', '1440'))
const height = Number(arg('height', '900'))
const port = Number(arg('port', '5391'))
const token = 'gallery-bench-token-0123456789abcdef'
const root = resolve(import.meta.dirname, '../..')
const base = `http://127.0.0.1:${port}`

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN
}
const round = (x: number): number => Math.round(x * 10) / 10

/** A 'YYYY-MM-DD' day moved by n days (forward in time when n > 0). */
function shiftDay(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

interface Timeline {
  domContentLoaded: number
  /** [start, duration] in ms of every main-thread task over 50 ms during the load. */
  longTasks: [number, number][]
  calls: { what: string; start: number; end: number }[]
}

/** Records, from the page's own clock, when the first tile and its decoded thumbnail appear. */
const OBSERVE = `
  window.__gallery = { tile: null, thumb: null, longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__gallery.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, obs) => {
    const img = document.querySelector('[data-testid="gallery-tile"] img');
    if (!img) return;
    if (window.__gallery.tile === null) window.__gallery.tile = performance.now();
    const done = () => { if (window.__gallery.thumb === null) window.__gallery.thumb = performance.now(); };
    if (img.complete && img.naturalWidth > 0) done(); else img.addEventListener('load', done, { once: true });
    obs.disconnect();
  }).observe(document, { childList: true, subtree: true });
`

async function domNodes(page: Page): Promise<number> {
  return page.evaluate('document.getElementsByTagName("*").length') as Promise<number>
}

/** Scrolls the grid to a fraction of its height and waits until no tile on screen is still waiting for its page. */
async function scrollTo(
  page: Page,
  fraction: number,
): Promise<{ ms: number; nodes: number; grid: number; sidebar: number; tiles: number }> {
  const started = Date.now()
  await page.evaluate(`(() => {
    const s = document.querySelector('[data-testid="gallery-grid"]');
    s.scrollTop = ${fraction} * (s.scrollHeight - s.clientHeight);
  })()`)
  await page.waitForFunction(
    `(() => {
      const s = document.querySelector('[data-testid="gallery-grid"]');
      if (${fraction} === 1 && s.scrollTop + s.clientHeight < s.scrollHeight - 2) {
        s.scrollTop = s.scrollHeight;
        return false;
      }
      return document.querySelectorAll('.gallery-tile.is-pending').length === 0 &&
        document.querySelectorAll('[data-testid="gallery-tile"]').length > 0;
    })()`,
    undefined,
    { timeout: 120_000, polling: 100 },
  )
  const ms = Date.now() - started
  const tiles = (await page.evaluate('document.querySelectorAll(\'[data-testid="gallery-tile"]\').length')) as number
  const grid = (await page.evaluate(
    'document.querySelector(\'[data-testid="gallery-grid"]\').getElementsByTagName("*").length',
  )) as number
  const sidebar = (await page.evaluate('document.querySelector(".sidebar").getElementsByTagName("*").length')) as number
  return { ms, nodes: await domNodes(page), grid, sidebar, tiles }
}

if (!existsSync(join(root, 'out', 'renderer', 'index.html')))
  throw new Error('build the renderer first: npx electron-vite build')
const stop = await startBenchServer(home, port, token)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
try {
  // The page's CSP forbids eval; the probes below are strings, so the bench context bypasses it (measuring only).
  const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true })
  await context.addInitScript(OBSERVE)
  const page = await context.newPage()
  await page.goto(`${base}/?token=${token}`)
  // The app lives under a per-run path prefix (the server redirects there once the token became a cookie).
  const library = new URL(page.url())
  library.search = '?view=library'
  const total = await (async () => {
    await page.goto(library.href)
    await page.getByTestId('gallery-total').filter({ hasText: /image/ }).waitFor()
    return (await page.getByTestId('gallery-total').textContent())?.trim()
  })()
  const firstTile: number[] = []
  const firstThumb: number[] = []
  const timelines: Timeline[] = []
  for (let i = 0; i < runs; i++) {
    await page.goto(library.href, { waitUntil: 'commit' })
    await page.waitForFunction('window.__gallery && window.__gallery.thumb !== null', undefined, { timeout: 60_000 })
    const t = (await page.evaluate('window.__gallery')) as { tile: number; thumb: number }
    firstTile.push(t.tile)
    firstThumb.push(t.thumb)
    // Where the time went: the page's scripts, then each call the gallery makes before its first tile.
    timelines.push(
      (await page.evaluate(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const calls = performance.getEntriesByType('resource')
          .filter((e) => e.name.includes('/api/call/') || e.name.includes('/images/'))
          .slice(0, 40)
          .map((e) => ({ what: e.name.split('/').slice(-2).join('/'), start: Math.round(e.startTime), end: Math.round(e.responseEnd) }));
        return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), calls, longTasks: window.__gallery.longTasks };
      })()`)) as Timeline,
    )
  }
  const top = await scrollTo(page, 0)
  const days = (await page.evaluate(
    `Array.from(document.querySelectorAll('[data-testid="gallery-day"]')).map((e) => e.getAttribute('data-day'))`,
  )) as string[]
  const middle = await scrollTo(page, 0.5)
  const end = await scrollTo(page, 1)
  // "Jump to" a day in the middle of the library: its header comes into view and its tiles fill in.
  const target = days[0] ? shiftDay(days[0], -180) : null
  let jumpMs: number | null = null
  if (target) {
    const startedJump = Date.now()
    await page.getByLabel('Jump to date').fill(target)
    await page.waitForFunction(
      `(() => {
        const h = Array.from(document.querySelectorAll('[data-testid="gallery-day"]')).find((e) => e.getAttribute('data-day') <= '${target}' && e.getAttribute('data-day') >= '${shiftDay(target, -7)}');
        return h && document.querySelectorAll('.gallery-tile.is-pending').length === 0;
      })()`,
      undefined,
      { timeout: 60_000, polling: 100 },
    )
    jumpMs = Date.now() - startedJump
  }
  const result = {
    home,
    total,
    viewport: { width, height },
    runs,
    firstTileMs: {
      median: round(quantile(firstTile, 0.5)),
      p95: round(quantile(firstTile, 0.95)),
      all: firstTile.map(round),
    },
    firstThumbMs: {
      median: round(quantile(firstThumb, 0.5)),
      p95: round(quantile(firstThumb, 0.95)),
      all: firstThumb.map(round),
    },
    domNodes: { top: top.nodes, middle: middle.nodes, end: end.nodes },
    // The whole document also holds the sidebar's batch list (virtualized: the rows on screen).
    gridDomNodes: { top: top.grid, middle: middle.grid, end: end.grid },
    sidebarDomNodes: { top: top.sidebar, middle: middle.sidebar, end: end.sidebar },
    tilesInDom: { top: top.tiles, middle: middle.tiles, end: end.tiles },
    fillAfterScrollMs: { middle: middle.ms, end: end.ms },
    jumpToDate: { day: target, ms: jumpMs },
    lastTimeline: timelines[timelines.length - 1],
  }
  const dir = join(root, '.bench')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `gallery-browser-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify(result, null, 2))
  console.log(JSON.stringify(result, null, 2))
  console.log(`results: ${file}`)
} finally {
  await browser.close()
  stop()
}
