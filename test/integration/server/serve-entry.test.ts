import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TOKEN } from './harness'

const root = join(import.meta.dirname, '..', '..', '..')
const home = mkdtempSync(join(tmpdir(), 'soul-serve-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

describe('npm run serve', () => {
  it('prints one line with the link, answers on it, and stops cleanly on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SOUL_BATCH_HOME: home,
      SOUL_BATCH_TOKEN: TOKEN,
      SOUL_BATCH_DEMO: '{"timeScale":0.005,"imageScale":0.05}',
    }
    delete env.SEGMIND_API_KEY
    delete env.SOUL_BATCH_PORT
    const child = spawn(
      process.execPath,
      [
        join(root, 'node_modules/tsx/dist/cli.mjs'),
        '--tsconfig',
        join(root, 'tsconfig.node.json'),
        join(root, 'src/main/server/serve.ts'),
      ],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString()
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!)
      })
      void exited.then((code) => reject(new Error(`serve exited (${code}) before printing: ${stderr}`)))
    })
    const match = /^Soul Batch \(browser mode, demo\) at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(.+))$/.exec(firstLine)
    expect(match, firstLine).not.toBeNull()
    expect(match![3]).toBe(TOKEN)

    const res = await fetch(`http://127.0.0.1:${match![2]}/api/call/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-soul-batch-token': TOKEN },
      body: '{}',
    })
    expect(await res.json()).toMatchObject({ ok: true, data: { host: 'browser', demoMode: true } })

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
  })
})
