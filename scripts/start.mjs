// `npm start`: build the app, then run it in Electron when this machine has the Electron runtime, else in browser
// mode (which prints the link to open). Plain Node ESM so it runs before anything is built.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) => join(root, p))
const inputs = ['src', 'package.json', 'electron.vite.config.ts'].map((p) => join(root, p))

function newestMtime(path) {
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** The build is skipped when every output exists and is newer than every source file. */
function buildIsFresh() {
  if (!outputs.every((p) => existsSync(p))) return false
  const oldestOut = Math.min(...outputs.map((p) => statSync(p).mtimeMs))
  return inputs.every((p) => !existsSync(p) || newestMtime(p) < oldestOut)
}

function build() {
  if (buildIsFresh()) return
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error('The build failed (npx electron-vite build); see above.')
    process.exit(r.status ?? 1)
  }
}

/**
 * Resolves the Electron binary in a child process: requiring the `electron` package may start a download of the
 * runtime (electron >= 42), which fails on machines without network access; the timeout keeps a slow network
 * from hanging `npm start`.
 */
function findElectron() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (probe.error) return { reason: probe.error.code === 'ETIMEDOUT' ? 'timed out resolving it' : probe.error.message }
  if (probe.status !== 0) {
    const text = `${probe.stderr}`
    const reason = /failed to install correctly/i.test(text)
      ? 'Electron failed to install correctly'
      : lastLine(text) || `exit code ${probe.status}`
    return { reason }
  }
  const path = probe.stdout.trim()
  if (!path || !existsSync(path)) return { reason: 'the binary is missing' }
  return { path }
}

function lastLine(text) {
  return text.trim().split('\n').pop()?.trim().slice(0, 160) ?? ''
}

/**
 * Runs a child on our terminal and exits with its code. Signals are passed on, so stopping this process stops
 * the app; after a terminal Ctrl-C the child may see SIGINT twice (the group's and ours), which it treats as one.
 */
function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal))
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)))
}

build()
const electron = findElectron()
if (electron.path) {
  run(electron.path, [root])
} else {
  console.log(`Electron runtime not available on this machine (${electron.reason}); starting browser mode instead.`)
  run(process.execPath, [
    join(root, 'node_modules/tsx/dist/cli.mjs'),
    // The core host's V8 flags (src/main/core-host-flags.ts; tsx passes them to the Node it starts).
    '--max-semi-space-size=8',
    '--tsconfig',
    join(root, 'tsconfig.node.json'),
    join(root, 'src/main/server/serve.ts'),
  ])
}
