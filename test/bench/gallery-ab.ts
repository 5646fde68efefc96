/**
 * Paired A/B of the gallery's first paint, page load by page load, for renderer builds kept in folders (copies of
 * out/renderer made after `npx electron-vite build` of each version). Every build's content-hashed assets go side
 * by side into out/renderer and index.html is swapped before each load, so the builds alternate on one server, one
 * browser and one library, and a busy machine slows them alike. Not part of `npm test` (figures, not assertions).
 * It replaces out/renderer: build again afterwards.
 *   npx tsx test/bench/gallery-ab.ts --home DIR [--loads 25] BUILD_DIR BUILD_DIR...
 */
import { copyFileSync, cpSync, existsSync, rmSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { startBenchServer } from './bench-server'

const args = process.argv.slice(2)
const option = (name: string, fallback?: string): string => {
  const at = args.indexOf(`--${name}`)
  const value = at === -1 ? fallback : args.splice(at, 2)[1]
  if (value === undefined) throw new Error(`--${name} is required`)
  return value
}
const home = resolve(option('home'))
const loads = Number(option('loads', '25'))
const builds = args.map((b) => resolve(b))
if (builds.length < 2) throw new Error('give at least two build folders')
const root = resolve(import.meta.dirname, '../..')
const out = join(root, 'out', 'renderer')
rmSync(out, { recursive: true, force: true })
for (const b of builds) cpSync(b, out, { recursive: true })

/** Same probe as gallery-browser.ts: the first tile's thumbnail decoded, on the page's own clock. */
const OBSERVE = `
  window.__gallery = { thumb: null };
  new MutationObserver((_, obs) => {
    const img = document.querySelector('[data-testid="gallery-tile"] img');
    if (!img) return;
    const done = () => { if (window.__gallery.thumb === null) window.__gallery.thumb = performance.now(); };
    if (img.complete && img.naturalWidth > 0) done(); else img.addEventListener('load', done, { once: true });
    obs.disconnect();
  }).observe(document, { childList: true, subtree: true });`

const port = 5395
const token = 'gallery-bench-token-0123456789abcdef'
const stop = await startBenchServer(home, port, token)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
const times = new Map<string, number[]>(builds.map((b) => [b, []]))
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true })
  await context.addInitScript(OBSERVE)
  const page = await context.newPage()
  copyFileSync(join(builds[0]!, 'index.html'), join(out, 'index.html'))
  await page.goto(`http://127.0.0.1:${port}/?token=${token}`)
  const library = new URL(page.url())
  library.search = '?view=library'
  await page.goto(library.href)
  await page.getByTestId('gallery-total').filter({ hasText: /image/ }).waitFor()
  // Two warm-up rounds, then `loads` rounds; the order flips each round.
  for (let round = -2; round < loads; round++) {
    for (const b of round % 2 === 0 ? builds : [...builds].reverse()) {
      copyFileSync(join(b, 'index.html'), join(out, 'index.html'))
      await page.goto(library.href, { waitUntil: 'commit' })
      await page.waitForFunction('window.__gallery && window.__gallery.thumb !== null', undefined, { timeout: 60_000 })
      if (round >= 0) times.get(b)!.push(Math.round((await page.evaluate('window.__gallery.thumb')) as number))
    }
  }
} finally {
  await browser.close()
  stop()
}
const at = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
for (const [b, all] of times) {
  const sorted = [...all].sort((x, y) => x - y)
  console.log(JSON.stringify({ build: basename(b), median: at(sorted, 0.5), p25: at(sorted, 0.25), all }))
}
