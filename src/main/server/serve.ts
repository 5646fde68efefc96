/**
 * `npm run serve`: browser mode. Prints exactly one line on stdout (the link to open); everything else, including
 * a first build of the renderer, goes to stderr so scripts can read the link.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { redactSecrets } from '@shared/errors'
import { createCore } from '../core'
import { installCrashGuards } from '../diagnostics/crash-guard'
import type { Logger } from '../core-types'
import { readServeEnv } from './serve-env'
import { startServer } from './server'

const root = resolve(import.meta.dirname, '../../..')
const rendererDir = join(root, 'out', 'renderer')
/** In-flight downloads get this long to land on disk before the process stops regardless. */
const SHUTDOWN_GRACE_MS = 15_000

function stderrLogger(debug: boolean, secrets: string[]): Logger {
  const line = (level: string, msg: string, data?: Record<string, unknown>) => {
    const text = data ? `${msg} ${JSON.stringify(data)}` : msg
    process.stderr.write(`[${level}] ${redactSecrets(text, secrets)}\n`)
  }
  return {
    debug: (m, d) => debug && line('debug', m, d),
    info: (m, d) => debug && line('info', m, d),
    warn: (m, d) => line('warn', m, d),
    error: (m, d) => line('error', m, d),
  }
}

function buildRendererIfMissing(): void {
  if (existsSync(join(rendererDir, 'index.html'))) return
  process.stderr.write('Building the app (out/renderer is missing)...\n')
  // The child's stdout goes to our stderr: our stdout carries only the link.
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 2, 2] })
  if (r.status !== 0 || !existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('`npx electron-vite build` failed; see the output above.')
  }
}

async function main(): Promise<void> {
  const env = readServeEnv(process.env)
  const secrets = env.apiKey ? [env.apiKey] : []
  const log = stderrLogger(env.debug, secrets)
  buildRendererIfMissing()
  const core = await createCore({
    home: env.home,
    ...(env.apiKey ? { apiKey: env.apiKey } : {}),
    ...(env.baseUrl ? { baseUrl: env.baseUrl } : {}),
    ...(env.demo ? { demo: env.demo } : {}),
    // No host logger: the core then keeps its own log in <home>/logs, as under Electron; the terminal stays quiet.
  })
  // An error that escapes a callback is logged (for Copy diagnostics) and the queue keeps running.
  installCrashGuards(core.log)
  let server
  try {
    server = await startServer({
      core,
      port: env.port,
      rendererDir,
      secrets,
      log,
      ...(env.token ? { token: env.token } : {}),
    })
  } catch (e) {
    await core.close()
    throw e
  }
  process.stdout.write(`Soul Batch (browser mode, ${core.demoMode ? 'demo' : 'live'}) at ${server.url}\n`)

  let stopping = false
  const stop = (signal: string) => {
    // A repeat (Ctrl-C reaches both `npm start` and us) is the same request; the watchdog bounds a stuck close.
    if (stopping) return
    stopping = true
    log.info(`${signal}: shutting down`)
    setTimeout(() => {
      process.stderr.write('Soul Batch: shutdown took too long; exiting anyway.\n')
      process.exit(1)
    }, SHUTDOWN_GRACE_MS).unref()
    void server
      .close()
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          log.error('shutdown failed', { message: e instanceof Error ? e.message : String(e) })
          process.exit(1)
        },
      )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((e: unknown) => {
  // Trimmed, as the core uses it: the untrimmed value would not match the key inside a message.
  const key = process.env.SEGMIND_API_KEY?.trim()
  const secret = key ? [key] : []
  process.stderr.write(
    `Soul Batch could not start: ${redactSecrets(e instanceof Error ? e.message : String(e), secret)}\n`,
  )
  process.exit(1)
})
