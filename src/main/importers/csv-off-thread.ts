import type { CsvImport } from '@shared/contracts'
import { spawnProjectWorker } from '../worker-thread'
import { parseCsv } from './csv'

/** Below this many characters a CSV parses in a few ms: a thread would cost more than it saves. */
export const OFF_THREAD_CHARS = 64 * 1024

/**
 * parseCsv with the same answer, on a worker thread when the file is large, so the core's event loop keeps
 * answering other calls and running the queue meanwhile. If the thread cannot start or dies, the file is parsed
 * here: slower for everyone else for a moment, but the person importing gets the same answer.
 */
export async function parseCsvOffThread(text: string, minChars = OFF_THREAD_CHARS): Promise<CsvImport> {
  if (text.length < minChars) return parseCsv(text)
  try {
    return await inWorker(text)
  } catch {
    return parseCsv(text)
  }
}

function inWorker(text: string): Promise<CsvImport> {
  return new Promise((resolve, reject) => {
    const worker = spawnProjectWorker('csv-worker', import.meta.url)
    let settled = false
    const done = (f: () => void): void => {
      if (settled) return
      settled = true
      f()
      void worker.terminate()
    }
    worker.once('message', (answer: CsvImport) => done(() => resolve(answer)))
    worker.once('error', (e) => done(() => reject(e)))
    worker.once('exit', (code) => done(() => reject(new Error(`the CSV thread stopped (${code})`))))
    worker.postMessage(text)
  })
}
