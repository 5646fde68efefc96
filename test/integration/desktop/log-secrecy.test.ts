import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core'
import { createLogger, fileSink, logFolder } from '../../../src/main/log'
import { startSimulator } from '../../../src/simulator'

/** A real key string in the simulator's format; any of its forms in a log file fails the test. */
const KEY = 'SG_9f8e7d6c5b4a3210'
const root = mkdtempSync(join(tmpdir(), 'soul-log-secret-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function everyLogFile(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
}

function expectNoKey(text: string): void {
  expect(text).not.toContain(KEY)
  expect(text).not.toContain(KEY.slice(3))
  expect(text).not.toMatch(/SG_[A-Za-z0-9]{8,}/)
}

describe('the key never reaches a log file, rotated or not', () => {
  it('scrubs messages, nested objects, Error messages and stacks, and escaped forms across rotations', () => {
    const dir = join(root, 'direct')
    // The secret list holds the key as the core does; the pattern catches SG_ keys it was not told about.
    const log = createLogger(fileSink(dir, { maxBytes: 2048, keep: 3 }), { secrets: [KEY.slice(3)] })
    for (let i = 0; i < 40; i++) {
      const error = new Error(`401 for key ${KEY} (attempt ${i})`)
      log.error(`request failed with x-api-key: ${KEY}`, {
        error,
        headers: { 'x-api-key': KEY, nested: [{ deeper: `Bearer ${KEY}` }] },
        escaped: JSON.stringify({ k: KEY.replace('SG_', 'SG\\u005f') }),
        bare: KEY.slice(3),
      })
      log.child('cloud').warn(`retry ${i}`, { key: KEY })
    }
    expect(readdirSync(dir).length).toBe(4)
    const all = everyLogFile(dir)
    expectNoKey(all)
    expect(all).toContain('[redacted]')
    // The stack survives (it is what makes the log useful), only the key inside it is gone.
    expect(all).toMatch(/"stack":"Error: 401 for key (SG_)?\[redacted\] \(attempt \d+\)/)
  })

  it('a live core with a real key against the simulator logs its work without the key', async () => {
    const sim = await startSimulator({ timeScale: 0.005, imageScale: 0.05, apiKeys: [KEY] })
    const home = join(root, 'core')
    try {
      const core = await createCore({ home, apiKey: KEY, baseUrl: sim.url, autoStart: false })
      core.log.error(`a host passed the key by mistake: ${KEY}`, { error: new Error(KEY) })
      await expect(core.handlers['credits.check']({})).resolves.toBeDefined()
      await core.close()
      const all = everyLogFile(logFolder(home))
      expect(all).toContain('core opened')
      expect(all).toContain('a host passed the key by mistake')
      expectNoKey(all)
    } finally {
      await sim.stop()
    }
  })
})
