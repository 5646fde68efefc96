#!/usr/bin/env node
// Runs every suite (unit + integration under vitest, then the browser suite under Playwright) and ends with one
// plain line of totals, `N passed, N failed, N skipped`, which CI's record reads. Exit code 0 only when nothing failed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const results = join(root, 'test-results')
mkdirSync(results, { recursive: true })
const bin = (name) => join(root, 'node_modules', '.bin', name)
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1

const totals = { passed: 0, failed: 0, skipped: 0 }
let broken = []

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

// 1. vitest: unit + integration (real SQLite, real HTTP to the simulator).
const unitJson = join(results, 'vitest.json')
rmSync(unitJson, { force: true })
const vitestCode = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`])
const v = readJson(unitJson)
if (v) {
  totals.passed += v.numPassedTests ?? 0
  totals.failed += v.numFailedTests ?? 0
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
  // A file that fails to load has no tests but is still a failure.
  if (vitestCode !== 0 && (v.numFailedTests ?? 0) === 0) broken.push('vitest (a test file failed to run)')
} else if (vitestCode !== 0) broken.push('vitest (no report)')

// 2. Build, then the browser suite in Chromium (and the Electron spec, which reports itself skipped without the runtime).
const buildCode = run(bin('electron-vite'), ['build'])
if (buildCode !== 0) broken.push('electron-vite build')
else {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromium)) {
    console.error(
      `Chromium not found at ${chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH; Playwright will try its own browser.`,
    )
  }
  const e2eJson = join(results, 'e2e.json')
  rmSync(e2eJson, { force: true })
  const pwCode = run(bin('playwright'), ['test'])
  const p = readJson(e2eJson)
  if (p?.stats) {
    totals.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0)
    totals.failed += p.stats.unexpected ?? 0
    totals.skipped += p.stats.skipped ?? 0
    if (pwCode !== 0 && (p.stats.unexpected ?? 0) === 0) broken.push('playwright (run error)')
  } else if (pwCode !== 0) broken.push('playwright (no report)')
}

if (broken.length) console.error(`Suites that did not run cleanly: ${broken.join(', ')}`)
const failed = totals.failed + broken.length
console.log(`${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`)
process.exit(failed === 0 ? 0 : 1)
