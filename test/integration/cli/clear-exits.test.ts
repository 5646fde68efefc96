import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli, tempHome, type CliResult } from './cli-harness'

/**
 * `soul-batch` meets each fault a person can cause with one readable line on stderr and a non-zero exit: never
 * a stack trace, never a half-written library. (A library in use by another Soul Batch: library-in-use.test.ts.)
 */
const homes: { dispose: () => void }[] = []
afterEach(() => {
  for (const h of homes.splice(0)) h.dispose()
})
function home(): string {
  const h = tempHome('cli-exits')
  homes.push(h)
  return h.home
}

function expectOneClearLine(r: CliResult, message: string | RegExp): void {
  expect(r.code, r.stderr).not.toBe(0)
  expect(r.code).not.toBeNull()
  const lines = r.stderr.trim().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(message)
  // No stack frames, no error class names, no backticks.
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|`/)
  expect(r.stdout).toBe('')
}

describe('soul-batch exits with one clear line', () => {
  it('a batch over the size limit: refused before the library is touched', async () => {
    const dir = home()
    const csv = join(dir, 'big.csv')
    writeFileSync(csv, `prompt\n${Array.from({ length: 9091 }, (_, i) => `prompt ${i}`).join('\n')}\n`)
    const lib = join(dir, 'lib')
    const r = await runCli(['run', '--csv', csv, '--styles', 'Realistic', '--seeds', '11', '--home', lib], {})
    expectOneClearLine(r, /^This batch would have 100,001 images; the limit is 100,000 per batch\.$/)
    expect(r.code).toBe(2)
    expect(existsSync(lib)).toBe(false)
  })

  it('a CSV that cannot be read, or is not text', async () => {
    const dir = home()
    const missing = await runCli(['run', '--csv', join(dir, 'nope.csv'), '--styles', 'Realistic', '--home', dir], {})
    expectOneClearLine(missing, /nope\.csv: no such file$/)
    const binary = join(dir, 'photo.csv')
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0, 1, 2, 3]))
    const r = await runCli(['run', '--csv', binary, '--styles', 'Realistic', '--home', dir], {})
    expectOneClearLine(r, /photo\.csv:1: This is not a CSV text file/)
  })

  it('a library folder that cannot be used (a file where the folder should be)', async () => {
    const dir = home()
    const file = join(dir, 'not-a-folder')
    writeFileSync(file, 'x')
    const r = await runCli(['run', '--prompt', 'a fox', '--styles', 'Realistic', '--home', file], {})
    expectOneClearLine(r, /^soul-batch: Can't use .*not-a-folder as the library folder: it is a file, not a folder\.$/)
    const inside = await runCli(['status', '--home', join(file, 'lib')], {})
    expectOneClearLine(inside, /^soul-batch: Can't use .* as the library folder: it is inside a file, not a folder\.$/)
  })
})
