import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..', '..')

/** A real key string; the crash-screen spec proves it never reaches what the window can copy. */
export const LIVE_KEY = 'SG_5e7a1c9d3b2f4680'
export const LIVE_TOKEN = 'e2e-live-key-token-0123456789abc'

export interface LiveKeyServer {
  url: string
  home: string
  stop(): Promise<void>
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let seen = ''
    let errors = ''
    child.stderr?.on('data', (b: Buffer) => (errors += b.toString()))
    child.stdout?.on('data', (b: Buffer) => {
      seen += b.toString()
      const m = pattern.exec(seen)
      if (m) resolveLine(m[0])
    })
    child.once('exit', (code) =>
      reject(new Error(`${what} exited (${code}) before it was ready: ${errors.slice(-500)}`)),
    )
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
}

/**
 * Browser mode with SEGMIND_API_KEY set, pointed at a simulator on loopback that accepts that key: the real
 * setup of a paying user, so there is a key to leak. Both run as child processes with their own library folder.
 */
export async function startLiveKeyServer(): Promise<LiveKeyServer> {
  const home = mkdtempSync(join(tmpdir(), 'soul-batch-e2e-live-'))
  const sim = spawn(
    'npx',
    ['tsx', 'src/simulator/cli.ts', '--port', '0', '--api-keys', LIVE_KEY, '--time-scale', '0.01'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let app: ChildProcess | null = null
  try {
    const simUrl = await waitForLine(sim, /http:\/\/127\.0\.0\.1:\d+/, 'the simulator')
    app = spawn('npx', ['tsx', '--tsconfig', 'tsconfig.node.json', 'src/main/server/serve.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SOUL_BATCH_HOME: home,
        SOUL_BATCH_PORT: '0',
        SOUL_BATCH_TOKEN: LIVE_TOKEN,
        SEGMIND_API_KEY: LIVE_KEY,
        SEGMIND_BASE_URL: simUrl,
      },
    })
    const link = await waitForLine(app, /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/, 'browser mode')
    const running = app
    return {
      url: link,
      home,
      async stop() {
        await stopChild(running)
        await stopChild(sim)
        rmSync(home, { recursive: true, force: true })
      },
    }
  } catch (e) {
    if (app) await stopChild(app)
    await stopChild(sim)
    rmSync(home, { recursive: true, force: true })
    throw e
  }
}
