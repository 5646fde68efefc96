import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, fileSink, lastLogLines, LOG_FILE } from '../../../src/main/log'

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'soul-log-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('the rotating JSON-lines log', () => {
  it('rotates by size, keeps the newest files, drops the oldest and never lets a file pass the limit', () => {
    const dir = tempDir()
    const log = createLogger(fileSink(dir, { maxBytes: 4096, keep: 2 }), { scope: 'test' })
    for (let i = 0; i < 200; i++) log.info(`line ${i}`, { i, pad: 'x'.repeat(60) })
    const files = readdirSync(dir).sort()
    expect(files).toEqual(['soul-batch.1.log', 'soul-batch.2.log', LOG_FILE])
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(4096)
    // Every line is whole JSON with a time, level and scope; numbering runs newest (current) to oldest (.2).
    const read = (f: string) =>
      readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { t: string; level: string; scope: string; data: { i: number } })
    const current = read(LOG_FILE)
    const older = read('soul-batch.2.log')
    expect(current.at(-1)!.data.i).toBe(199)
    expect(current[0]!.data.i).toBe(read('soul-batch.1.log').at(-1)!.data.i + 1)
    expect(older.at(-1)!.data.i).toBeLessThan(current[0]!.data.i)
    expect(current[0]).toMatchObject({ level: 'info', scope: 'test' })
    expect(Number.isNaN(Date.parse(current[0]!.t))).toBe(false)
    // The first lines are gone: three files of 4 KiB cannot hold 200 lines of ~130 bytes.
    expect(older[0]!.data.i).toBeGreaterThan(0)
  })

  it('scoped children name their scope and the last lines span the rotation boundary', async () => {
    const dir = tempDir()
    const root = createLogger(fileSink(dir, { maxBytes: 1024, keep: 1 }), { scope: 'core' })
    const child = root.child('scheduler').child('poll')
    for (let i = 0; i < 12; i++) child.warn(`tick ${i}`, { pad: 'y'.repeat(50) })
    const current = readFileSync(join(dir, LOG_FILE), 'utf8').trim().split('\n')
    const lines = await lastLogLines(dir, current.length + 2)
    expect(lines).toHaveLength(current.length + 2)
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg).at(-1)).toBe('tick 11')
    expect((JSON.parse(lines[0]!) as { scope: string }).scope).toBe('core.scheduler.poll')
  })

  it('returns no lines for a folder with no log, and a sink on an unwritable folder never throws', async () => {
    const dir = tempDir()
    expect(await lastLogLines(join(dir, 'nothing-here'), 10)).toEqual([])
    createLogger(fileSink(dir), {}).info('make the log file')
    const sink = fileSink(join(dir, LOG_FILE, 'sub'))
    // The log file stands where the sink wants a folder: the write fails, quietly.
    expect(() => sink({ level: 'info', scope: 'x', msg: 'lost' })).not.toThrow()
    expect(await lastLogLines(dir, 10)).toHaveLength(1)
  })
})
