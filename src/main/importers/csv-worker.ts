/**
 * The thread that reads a large prompt CSV (csv-off-thread.ts): 10 000 rows take 100-250 ms to parse, which on
 * the core's own thread held every other call and the queue that long. One file per thread; it answers and exits.
 * electron-vite builds it to out/main/csv-worker.js; from sources it is loaded through tsx.
 */
import { parentPort } from 'node:worker_threads'
import { parseCsv } from './csv'

parentPort?.once('message', (text: string) => {
  parentPort?.postMessage(parseCsv(text))
})
