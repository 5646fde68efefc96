/**
 * A plain-http SEGMIND_BASE_URL on a network host would carry the key in clear text: both terminal hosts (the CLI
 * and `npm run serve`) refuse to start with one readable line and a failing exit code, and nothing is sent.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KEY, ROOT, runCli, tempHome } from './cli-harness'

const REFUSAL = /SEGMIND_BASE_URL must use https \(plain http is only allowed for a local simulator or proxy/
const homes: (() => void)[] = []
afterAll(() => homes.forEach((dispose) => dispose()))

function home(): string {
  const t = tempHome('plain-http')
  homes.push(t.dispose)
  return t.home
}

describe('a plain-http base URL on a network host', () => {
  it('stops the CLI with one line on stderr and the configuration exit code', async () => {
    const env = { SEGMIND_API_KEY: KEY, SEGMIND_BASE_URL: 'http://api.segmind.com' }
    const r = await runCli(['run', '-p', 'a lighthouse', '--home', home()], env)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(REFUSAL)
    expect(r.stderr).not.toContain(KEY)
  })

  it('stops `npm run serve` with one line on stderr and a non-zero exit code', async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '',
      SOUL_BATCH_HOME: home(),
      SEGMIND_API_KEY: KEY,
      SEGMIND_BASE_URL: 'http://10.0.0.7:8080',
    }
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        '--tsconfig',
        join(ROOT, 'tsconfig.node.json'),
        join(ROOT, 'src/main/server/serve.ts'),
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/^Soul Batch could not start: /)
    expect(stderr).toMatch(REFUSAL)
    expect(stderr).not.toContain(KEY)
  })
})
