import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { DrawAnswer, DrawJob } from './grid-draw-worker'

/**
 * Runs a drawing job in its own worker thread (grid-draw-worker.ts) and waits for its answer. One export draws at
 * a time: two 40-megapixel images at once would double the memory for no gain on a 2-core machine. A worker per
 * job (its start costs ~100 ms against seconds of drawing) means nothing stays resident between exports.
 */
function workerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  // Built app: electron-vite emits the worker beside the bundle that imports this module (out/main/).
  // (or one folder up when the bundler moved this module into a shared chunk).
  for (const built of [join(here, 'grid-draw-worker.js'), join(here, '..', 'grid-draw-worker.js')]) {
    if (existsSync(built)) return built
  }
  // Sources (tests, CLI, browser mode through tsx): Node runs the self-contained TypeScript file as is.
  return join(here, 'grid-draw-worker.ts')
}

let queue: Promise<unknown> = Promise.resolve()

function runWorker(job: DrawJob): Promise<DrawAnswer> {
  return new Promise<DrawAnswer>((resolve) => {
    const worker = new Worker(workerFile(), { workerData: job })
    let settled = false
    const done = (answer: DrawAnswer): void => {
      if (settled) return
      settled = true
      resolve(answer)
      void worker.terminate()
    }
    worker.once('message', (m: DrawAnswer) => done(m))
    worker.once('error', (e) => done({ ok: false, message: e.message }))
    worker.once('exit', (code) => done({ ok: false, message: `the drawing worker stopped (exit code ${code})` }))
  })
}

/** Draws and writes one grid image off the event loop; answers what the worker reported (never throws). */
export function drawGrid(job: DrawJob): Promise<DrawAnswer> {
  const run = queue.then(() => runWorker(job))
  queue = run.catch(() => undefined)
  return run
}
