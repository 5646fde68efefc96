import { afterEach, describe, expect, it } from 'vitest'
import { matrix, readDb, rig, type Rig } from '../core/helpers'

/**
 * Learned job timing outlives the process: a second run on the same library starts from what the first one
 * measured (here a server 20x faster than Segmind's usual 40 s), not from the prior. Real simulator, real SQLite.
 */
describe('learned job timing is kept in the library', () => {
  let r: Rig | null = null
  afterEach(async () => {
    await r?.close()
    r = null
  })

  it('a new process on the same library plans from the timings the last one learned', async () => {
    // 2 s jobs at time scale 0.05: 100 ms each (timers on a loaded machine run late, so not shorter).
    r = await rig('learned-timing', { timeScale: 0.05, latencyMeanSeconds: 2, latencyJitterSeconds: 0.2 })
    const m = matrix(['learned timing one', 'learned timing two', 'learned timing three'])
    const before = await r.core.handlers['batch.estimate']({ matrix: m })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: m })
    await r.core.waitForIdle()
    const detail = await r.core.handlers['batch.get']({ batchId })
    expect(detail.cells.every((c) => c.state === 'saved')).toBe(true)

    // Closing writes what was learned; the rows hold model seconds, whatever the time scale.
    await r.reopen()
    const rows = readDb(r.home, (db) => db.prepare('SELECT key, seconds FROM job_timings').all()) as {
      key: string
      seconds: number
    }[]
    expect(rows.length).toBe(6)
    const seconds = rows.map((row) => row.seconds).sort((a, b) => a - b)
    expect(new Set(rows.map((row) => row.key))).toEqual(new Set(['1152x1536|720p']))
    expect(seconds[0]).toBeGreaterThan(1)
    // Far from the 40 s prior; loose, because a loaded machine stretches the simulator's timers.
    expect(seconds[3]).toBeLessThan(10)

    // The reopened core's estimate already knows jobs take ~2 s, not the 40 s prior the first one assumed.
    const after = await r.core.handlers['batch.estimate']({ matrix: matrix(['learned timing four']) })
    expect(after.seconds).toBeLessThan(before.seconds / 3)
  })
})
