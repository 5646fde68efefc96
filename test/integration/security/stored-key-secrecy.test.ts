/**
 * Security review for issue 10's key storage: a key typed into Settings (not SEGMIND_API_KEY) must stay out of the
 * renderer, the log, errors, exports, sidecars and the library — every place the env key is already kept from.
 * The key is deliberately not shaped like SG_…, so only the core's own list of secrets can hide it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CoreEvent } from '@shared/contracts'
import { startSimulator } from '../../../src/simulator'
import { createCore } from '../../../src/main/core'
import { keyFilePath } from '../../../src/main/key-store'
import { dispatch } from '../../../src/main/server/dispatch'
import { FAST_DEMO, matrix } from '../core/helpers'

const KEY = 'typed-in-key-5e3c9a1f77'
const root = mkdtempSync(join(tmpdir(), 'soul-review-stored-key-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe('a key saved from Settings', () => {
  it('never reaches an answer, an event, an error, the log, an export or any file in the library', async () => {
    // The server echoes the key in its 401 body and fails some jobs, so errors pass through the scrubbers.
    const sim = await startSimulator({ ...FAST_DEMO, apiKeys: [KEY], faults: { failed: 0.3 }, seed: 11 })
    const home = join(root, 'library')
    const core = await createCore({
      home,
      baseUrl: sim.url,
      demo: FAST_DEMO,
      timeScale: FAST_DEMO.timeScale,
      settings: { rpm: 6000, concurrency: 4 },
    })
    const events: CoreEvent[] = []
    core.onEvent((e) => events.push(e))
    const answers: unknown[] = []
    const call = async (name: string, input: unknown): Promise<unknown> => {
      const out = await dispatch(core, name, input, { host: 'browser' })
      answers.push(out)
      return out
    }
    try {
      await call('key.test', { key: KEY })
      await call('key.save', { key: KEY })
      await call('key.status', {})
      await call('key.test', {})
      // A wrong key tested beside it: its error must not carry either key.
      await call('key.test', { key: `${KEY}-wrong` })
      const created = (await call('batch.create', {
        matrix: matrix(['secret one', 'secret two', 'secret three']),
      })) as {
        data: { batchId: string }
      }
      await core.waitForIdle()
      const batchId = created.data.batchId
      await call('batch.get', { batchId })
      await call('batch.exportCsv', { batchId })
      await call('app.info', {})
      await call('batch.delete', { batchId })
      await call('batch.undoDelete', { batchId })

      const seen = JSON.stringify(answers) + JSON.stringify(events)
      expect(seen).not.toContain(KEY)
      expect(seen).toContain(KEY.slice(-4)) // the last four, as Settings shows them
      expect(seen).toMatch(/"kind":"failed"/) // errors did pass through
      const files = filesUnder(home)
      expect(files.some((f) => f.endsWith('soul-batch.log'))).toBe(true)
      for (const f of files) expect(readFileSync(f).includes(Buffer.from(KEY)), f).toBe(false)
      // The only place it is written: the 0600 key file beside the library.
      expect(statSync(keyFilePath(home)).mode & 0o777).toBe(0o600)
    } finally {
      await core.close()
      await sim.stop()
    }
  })
})
