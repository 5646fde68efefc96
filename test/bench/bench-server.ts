import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

/**
 * Browser mode on a library for a browser benchmark: the real server (`src/main/server/serve.ts`) in a child
 * process, demo mode (no key), resolved once it prints its address. Returns the function that stops it.
 */
export async function startBenchServer(home: string, port: number, token: string): Promise<() => void> {
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['src/main/server/serve.ts'], {
    cwd: root,
    env: {
      ...process.env,
      SOUL_BATCH_HOME: home,
      SOUL_BATCH_PORT: String(port),
      SOUL_BATCH_TOKEN: token,
      SEGMIND_API_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`[server] ${d.toString()}`))
  await new Promise<void>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('http://')) ok()
    })
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)))
  })
  return () => child.kill('SIGTERM')
}
