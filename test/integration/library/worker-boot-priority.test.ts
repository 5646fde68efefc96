import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { spawnProjectWorker } from '../../../src/main/worker-thread'

/** The nice value the worker saw for itself as its module started. */
async function niceAtStart(opts: { nice?: number }): Promise<number> {
  // The probe lives in test/fixtures/workers; spawnProjectWorker looks for `<name>.ts` beside the caller's URL.
  const caller = new URL('../../fixtures/workers/any.ts', import.meta.url).href
  const worker = spawnProjectWorker('nice-probe-worker', caller, opts)
  try {
    return await new Promise<number>((resolve, reject) => {
      worker.once('message', (n: number) => resolve(n))
      worker.once('error', reject)
    })
  } finally {
    await worker.terminate()
  }
}

function myNice(): number {
  return Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[16])
}

describe.runIf(process.platform === 'linux')('a background worker is lowered before it loads anything', () => {
  it('runs its own module at the asked priority already (tsx and its compile ran below the host)', async () => {
    const mine = myNice()
    const asked = Math.min(19, Math.max(mine + 1, 10))
    expect(await niceAtStart({ nice: asked })).toBe(Math.max(asked, mine))
  })

  it('without a priority, a worker keeps the host thread priority; asked for a higher one, it never rises', async () => {
    const mine = myNice()
    expect(await niceAtStart({})).toBe(mine)
    if (mine > 0) expect(await niceAtStart({ nice: mine - 1 })).toBe(mine)
  })
})
