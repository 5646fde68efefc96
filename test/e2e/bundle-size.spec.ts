import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from '@playwright/test'

/**
 * The renderer ships minified and within a size budget: every byte is parsed before the first paint. It runs in
 * the browser suite because that suite runs right after `electron-vite build`, on the bundle that ships.
 * Raise the budget on purpose (with the reason in the commit), never by accident.
 */
const BUDGET_JS_BYTES = 750 * 1024
const BUDGET_JS_GZIP_BYTES = 220 * 1024

test('the renderer bundle is minified and within its size budget', () => {
  const dir = join(process.cwd(), 'out', 'renderer', 'assets')
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'))
  expect(scripts.length).toBeGreaterThan(0)
  let raw = 0
  let gzip = 0
  for (const f of scripts) {
    const bytes = readFileSync(join(dir, f))
    raw += statSync(join(dir, f)).size
    gzip += gzipSync(bytes).length
    // Minified output has long lines; unminified has thousands of short, indented ones.
    const text = bytes.toString('utf8')
    const lines = text.split('\n').length
    expect(text.length / lines, `${f} looks unminified`).toBeGreaterThan(500)
  }
  console.log(`renderer JS: ${Math.round(raw / 1024)} KB raw, ${Math.round(gzip / 1024)} KB gzip`)
  expect(raw).toBeLessThanOrEqual(BUDGET_JS_BYTES)
  expect(gzip).toBeLessThanOrEqual(BUDGET_JS_GZIP_BYTES)
})
