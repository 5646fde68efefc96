import type { SegmindApi } from '../../src/main/cloud/types'
import type { SoulParams } from '@shared/domain'
import { AppError } from '@shared/errors'

/**
 * The baseline: what Segmind's Python SDK does (`job.wait(interval=1.0)`: status right after submit, then every
 * second, then the result), given the one thing the SDK lacks so it can finish at all under a rate limit: any
 * failed call is retried after one interval. Nothing is persisted, nothing is planned.
 */
export async function runSdkPoller(opts: {
  client: SegmindApi
  cells: SoulParams[]
  concurrency: number
  /** One second in wall-clock ms against the time-scaled simulator. */
  unitMs: number
  deadline: number
}): Promise<{ saved: number; failed: number }> {
  const queue = [...opts.cells]
  let saved = 0
  let failed = 0
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
  const retrying = async <T>(call: () => Promise<T>): Promise<T> => {
    for (;;) {
      if (Date.now() > opts.deadline) throw new AppError({ kind: 'timeout', message: 'benchmark deadline' })
      try {
        return await call()
      } catch (e) {
        if (AppError.is(e) && !e.retryable && e.kind !== 'rate_limited') throw e
        await sleep(opts.unitMs)
      }
    }
  }
  const worker = async (): Promise<void> => {
    for (let params = queue.shift(); params; params = queue.shift()) {
      try {
        const job = await retrying(() => opts.client.submit(params))
        for (;;) {
          const st = await retrying(() => opts.client.status(job.statusUrl))
          if (st.status === 'COMPLETED') break
          if (st.status === 'FAILED') throw new AppError({ kind: 'failed', message: st.error ?? 'failed' })
          await sleep(opts.unitMs)
        }
        const result = await retrying(() => opts.client.result(job.responseUrl))
        if (!result.outputUrl) throw new AppError({ kind: 'bad_response', message: 'no output' })
        const url = result.outputUrl
        await retrying(() => opts.client.download(url))
        saved++
      } catch {
        failed++
      }
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker))
  return { saved, failed }
}
