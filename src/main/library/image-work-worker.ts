/**
 * A thread of the image work pool (image-workers.ts): runs one saved cell's image work at a time per message
 * (several may overlap, each mostly waiting on libvips' threads or the disk) and answers with plain data.
 * electron-vite builds it to out/main/image-work-worker.js for the app; from sources (tests, CLI, browser mode)
 * the pool loads it through tsx, since it imports the library's own modules.
 */
import { parentPort } from 'node:worker_threads'
import { imageWorkNice, lowerThisThreadPriority } from '../background-thread'
import { runImageJob, type ImageJob, type ImageWorkAnswer } from './image-work'

export interface ImageWorkRequest {
  id: number
  job: ImageJob
}

export type ImageWorkReply = { id: number; answer: ImageWorkAnswer } | 'ready'

if (parentPort) {
  const port = parentPort
  // Image work is bulk work: the host's thread (the queue, the UI's calls) goes first where both want a core.
  lowerThisThreadPriority(imageWorkNice())
  port.on('message', (m: ImageWorkRequest) => {
    runImageJob(m.job, true).then(
      (answer) => {
        const back = !answer.ok && 'fault' in answer && answer.bytes ? [answer.bytes.buffer as ArrayBuffer] : []
        port.postMessage({ id: m.id, answer } satisfies ImageWorkReply, back)
      },
      // runImageJob answers every failure as data; this only catches a bug in it, reported as a write fault.
      (e: unknown) =>
        port.postMessage({
          id: m.id,
          answer: { ok: false, fault: { message: e instanceof Error ? e.message : String(e) } },
        } satisfies ImageWorkReply),
    )
  })
  port.postMessage('ready' satisfies ImageWorkReply)
}
