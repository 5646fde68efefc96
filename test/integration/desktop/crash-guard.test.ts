import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'soul-guard-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('uncaught errors in a process hosting the core', () => {
  it('are logged with their stack (without the key) and the process keeps running', () => {
    const key = 'SG_0a1b2c3d4e5f6a7b'
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'throws-later.ts'), dir, key],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json') },
      },
    )
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('still running\n')
    const lines = readFileSync(join(dir, 'soul-batch.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; msg: string; data: { error: { stack: string } } })
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'uncaught exception: timer blew up holding [redacted]'],
      ['error', 'unhandled promise rejection: nobody awaited this'],
    ])
    expect(lines[0]!.data.error.stack).toMatch(/^Error: timer blew up holding \[redacted\]\n\s+at /)
    expect(JSON.stringify(lines)).not.toContain(key)
  })
})
