import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CORE_HOST_V8_FLAGS } from '../../../src/main/core-host-flags'
import { TOKEN } from './harness'

const root = join(import.meta.dirname, '..', '..', '..')
const home = mkdtempSync(join(tmpdir(), 'soul-start-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

/** The command lines of a process's descendants (Linux /proc), to see how the server was started. */
function descendantCommands(pid: number): string[] {
  const out: string[] = []
  const walk = (p: number): void => {
    let kids: number[] = []
    try {
      kids = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
    } catch {
      return
    }
    for (const k of kids) {
      try {
        out.push(readFileSync(`/proc/${k}/cmdline`, 'utf8').split('\0').join(' '))
      } catch {
        // ended meanwhile
      }
      walk(k)
    }
  }
  walk(pid)
  return out
}

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
      if (process.platform === 'linux') {
        // The server runs with the core host's V8 flags (core-host-flags.ts): short GC pauses on its loop.
        const server = descendantCommands(child.pid!).filter((c) => c.includes('serve.ts'))
        expect(server.length).toBe(2)
        // Every one: tsx's own process and the Node it starts for serve.ts (the flag must reach the one that serves).
        for (const flag of CORE_HOST_V8_FLAGS) {
          for (const c of server) expect(c.split(' '), c).toContain(flag)
        }
      }
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    },
  )
})
