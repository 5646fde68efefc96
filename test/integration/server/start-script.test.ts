import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TOKEN } from './harness'

const root = join(import.meta.dirname, '..', '..', '..')
const home = mkdtempSync(join(tmpdir(), 'soul-start-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

function electronRuns(): boolean {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return probe.status === 0 && existsSync(probe.stdout.trim())
}

describe('npm start', () => {
  it.skipIf(electronRuns())(
    'falls back to browser mode with one line of explanation when Electron cannot run',
    async () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        SOUL_BATCH_HOME: home,
        SOUL_BATCH_TOKEN: TOKEN,
        SOUL_BATCH_DEMO: '{"timeScale":0.005}',
      }
      delete env.SEGMIND_API_KEY
      const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      const link = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString()
          const m = /at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout)
          if (m) resolve(m[1]!)
        })
        void exited.then((code) => reject(new Error(`npm start exited (${code}): ${stdout}`)))
      })
      const fallback = stdout
        .split('\n')
        .filter((l) => l.startsWith('Electron runtime not available on this machine ('))
      expect(fallback).toHaveLength(1)
      expect(fallback[0]).toMatch(/\); starting browser mode instead\.$/)
      expect(link).toContain(`?token=${TOKEN}`)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    },
  )
})
