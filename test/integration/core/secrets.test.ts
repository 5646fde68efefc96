import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, type LogRecord } from '../../../src/main/log'
import { matrix, rig, SIM_KEY, type Rig } from './helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe('the API key never lands in the library', () => {
  it('not in the database, its WAL, the log, the images or the thumbnails — even after failures', async () => {
    r = await rig(
      'secrets',
      { faults: { failed: 1, get5xx: 0.3 }, seed: 5 },
      { settings: { rpm: 6000, concurrency: 4 } },
    )
    const failing = await r.core.handlers['batch.create']({ matrix: matrix(['secret a']) })
    await r.core.waitForIdle()
    r.sim.update({ faults: { failed: 0 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['secret b', 'secret c']) })
    await r.core.waitForIdle()
    const d = await r.core.handlers['batch.get']({ batchId })
    d.cells.push(...(await r.core.handlers['batch.get']({ batchId: failing.batchId })).cells)
    expect(d.cells.some((c) => c.state === 'saved')).toBe(true)
    expect(d.cells.some((c) => c.state === 'failed')).toBe(true)
    const info = JSON.stringify(await r.core.handlers['app.info']({})) + JSON.stringify(d) + JSON.stringify(r.events)
    expect(info).not.toContain(SIM_KEY)
    const files = filesUnder(r.home)
    expect(files.some((f) => f.endsWith('soul-batch.log'))).toBe(true)
    for (const f of files) expect(readFileSync(f).includes(Buffer.from(SIM_KEY)), f).toBe(false)
  })

  it('a logger redacts the key in messages and data, by value: text merely shaped like a key stays', () => {
    const out: LogRecord[] = []
    const log = createLogger((rec) => out.push(rec), { secrets: ['my-secret-key-123', 'SG_0123456789abcdef'] })
    log.child('x').error('failed with SG_0123456789abcdef and my-secret-key-123', {
      header: 'x-api-key: my-secret-key-123',
      nested: { k: 'SG_0123456789abcdef', prompt: 'a sign reading SG_fedcba9876543210' },
      err: new Error('boom my-secret-key-123'),
    })
    const text = JSON.stringify(out)
    expect(text).not.toContain('my-secret-key-123')
    expect(text).not.toContain('SG_0123456789abcdef')
    // Not a key this process has: a person's words, kept as written (issue 7: redact the key, not a pattern).
    expect(text).toContain('a sign reading SG_fedcba9876543210')
    expect(text).toContain('[redacted]')
    expect(out[0]?.scope).toBe('core.x')
  })
})
