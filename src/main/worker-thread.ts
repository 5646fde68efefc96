import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * Loaded from CommonJS source text: registers tsx (with the project's path alias) in this thread, then imports the
 * TypeScript worker. Only used from sources; the built app has the worker as out/main/<name>.js. Its first lines are
 * background-thread.ts lowerThisThreadPriority spelled out in plain JS: that module is TypeScript, which this thread
 * cannot load until tsx is registered, and lowering after that would come too late.
 */
const TSX_BOOT = `
const { workerData } = require('node:worker_threads')
const { pathToFileURL } = require('node:url')
if (typeof workerData.nice === 'number' && process.platform === 'linux') {
  try {
    const os = require('node:os')
    const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())
    if (os.getPriority(tid) < workerData.nice) os.setPriority(tid, workerData.nice)
  } catch {}
}
import(pathToFileURL(workerData.tsx).href).then(({ register }) => {
  register({ tsconfig: workerData.tsconfig })
  return import(pathToFileURL(workerData.file).href)
})
`

/** tsx's ESM register API (its CommonJS build cannot register from an eval'd worker). */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json')
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>
  }
  const api = pkg.exports['./esm/api']
  const rel = typeof api === 'object' ? api.import?.default : undefined
  if (!rel) throw new Error('tsx has no ESM register API')
  return join(dirname(pkgFile), rel)
}

/**
 * Starts one of the core's worker threads that import the project's own modules. `callerUrl` is the
 * `import.meta.url` of the module next to the worker's source file (`<name>.ts` in the same folder).
 * Built app: electron-vite emits `<name>.js` beside the bundle that imports the caller (out/main/), or one folder
 * up when the bundler moved the caller into a shared chunk. Sources (tests, CLI, browser mode): tsx loads the
 * TypeScript file; a host already started under tsx passes its loader flags on, so execArgv is cleared and tsx is
 * registered once, here.
 */
export function spawnProjectWorker(name: string, callerUrl: string, opts: { nice?: number } = {}): Worker {
  const here = dirname(fileURLToPath(callerUrl))
  for (const built of [join(here, `${name}.js`), join(here, '..', `${name}.js`)]) {
    if (existsSync(built)) return new Worker(built)
  }
  const root = join(here, '..', '..', '..')
  return new Worker(TSX_BOOT, {
    eval: true,
    execArgv: [],
    workerData: {
      tsx: tsxEsmApi(),
      tsconfig: join(root, 'tsconfig.node.json'),
      file: join(here, `${name}.ts`),
      // A background worker is lowered before tsx compiles anything: loading tsx and compiling the worker's
      // sources is ~0.4 s of CPU per thread, which at the host's priority took its core during a batch's first
      // second (loop delays of 60-100 ms). The built worker loads plain JS and lowers itself first thing.
      nice: opts.nice,
    },
  })
}
