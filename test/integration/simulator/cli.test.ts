import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')

/** Runs src/simulator/cli.ts on this Node with tsx, the way `npm run sim` does. */
function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', ...args], {
    cwd: ROOT,
    // The root tsconfig.json has no `paths`; point tsx at the one that maps @shared.
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

async function collect(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, stdout, stderr }
}

let child: ChildProcess | undefined
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  child = undefined
})

describe('npm run sim', () => {
  it('--help lists the settings and exits 0', async () => {
    child = runCli(['--help'])
    const out = await collect(child)
    expect(out.code).toBe(0)
    expect(out.stdout).toContain('--time-scale <n>')
    expect(out.stdout).toContain('--fault-get5xx <n>')
  })

  it('rejects a bad value with a message naming the flag and exit code 2', async () => {
    child = runCli(['--fault-failed', '3'])
    const out = await collect(child)
    expect(out.code).toBe(2)
    expect(out.stderr).toMatch(/--fault-failed: /)
  })

  it('prints the URL and the demo key, serves requests, and stops on SIGTERM', async () => {
    child = runCli(['--time-scale', '0.01', '--rpm', '7'])
    const running = collect(child)
    const line = await new Promise<string>((resolveLine) => {
      let text = ''
      child?.stdout?.on('data', (d: Buffer) => {
        text += d.toString()
        if (text.includes('\n')) resolveLine(text)
      })
    })
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0]
    expect(url).toBeDefined()
    expect(line).toContain('SG_0000000000000000')
    const res = await fetch(`${url}/v1/get-user-credits`, { headers: { 'x-api-key': 'SG_0000000000000000' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-rate-limit-remaining')).toBe('6')
    child.kill('SIGTERM')
    expect((await running).code).toBe(0)
  })
})
