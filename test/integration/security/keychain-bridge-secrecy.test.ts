/**
 * Security review of the desktop key bridge (issue 10): with the key in the OS keychain, it crosses the channel
 * between Electron's main process and the core's process. It may ride only in the key messages themselves (and in
 * the Settings calls that carry what the user typed); never in an answer, an event, a log line or the core's console.
 * The key is deliberately not shaped like SG_…, so only the core's own list of secrets can hide it.
 */
import { readdirSync, readFileSync, rmSync, statSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import type { CoreEvent } from '@shared/contracts'
import { startSimulator } from '../../../src/simulator'
import {
  captureOutput,
  closeCore,
  MemoryKeychain,
  startDesktopCore,
  type Recorded,
} from '../desktop/desktop-core-process'

const KEY = 'typed-in-keychain-9d2e41'
const root = mkdtempSync(join(tmpdir(), 'soul-review-keychain-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

/** The only messages allowed to hold the key: what the user typed (calls), and the keychain's own traffic. */
function mayCarryKey(m: unknown): boolean {
  const msg = m as { t?: string; name?: string; op?: string }
  if (msg.t === 'call') return msg.name === 'key.save' || msg.name === 'key.test'
  if (msg.t === 'key') return msg.op === 'save'
  return msg.t === 'key-answer'
}

function leaks(rec: Recorded): unknown[] {
  return [...rec.toCore, ...rec.fromCore].filter((m) => JSON.stringify(m).includes(KEY) && !mayCarryKey(m))
}

describe('a key kept in the desktop keychain', () => {
  it('crosses the channel only in the key messages, and never reaches an answer, an event, the console or a log', async () => {
    // The server echoes the key in its 401 body and fails some jobs, so errors pass through the scrubbers.
    const sim = await startSimulator({
      timeScale: 0.005,
      imageScale: 0.05,
      apiKeys: [KEY],
      faults: { failed: 0.3 },
      seed: 5,
    })
    const home = join(root, 'library')
    const keychain = new MemoryKeychain()
    const heardByMain: string[] = []
    const env = { SEGMIND_BASE_URL: sim.url }
    try {
      const first = startDesktopCore({ home, keychain, revealed: [], env, onKey: (k) => heardByMain.push(k) })
      const out1 = captureOutput(first.child)
      await first.core.ready
      await first.core.call('key.test', { key: KEY })
      await first.core.call('key.test', { key: `${KEY}-wrong` })
      await first.core.call('key.save', { key: KEY })
      await first.core.call('key.status', {})
      await closeCore(first.child, first.core)

      // Next start: the key comes from the keychain (a load answer carries it) and a batch runs live on it.
      const second = startDesktopCore({ home, keychain, revealed: [], env, onKey: (k) => heardByMain.push(k) })
      const out2 = captureOutput(second.child)
      const events: CoreEvent[] = []
      second.core.onEvent((e) => events.push(e))
      expect((await second.core.ready).demoMode).toBe(false)
      // Sync v1 answers with the image at once: this core runs live (timeScale 1) against a fast simulator.
      await second.core.call('settings.update', { mode: 'sync', plan: 'custom', rpm: 6000, concurrency: 4 })
      const created = (await second.core.call('batch.create', {
        matrix: {
          prompts: ['keychain one', 'keychain two', 'keychain three'].map((prompt) => ({ prompt })),
          styleIds: [SOUL_STYLES[0]!.id, SOUL_STYLES[1]!.id],
          width_and_height: '1152x1536',
          quality: '720p',
        },
      })) as { ok: true; data: { batchId: string } }
      await expect
        .poll(
          async () => {
            const s = (await second.core.call('batch.get', { batchId: created.data.batchId })) as {
              data: { cells: { state: string }[] }
            }
            // Sync answers end a cell at once: saved, or failed / unknown when the job failed.
            return s.data.cells.every((c) => ['saved', 'failed', 'unknown'].includes(c.state))
          },
          { timeout: 60_000, interval: 250 },
        )
        .toBe(true)
      await second.core.call('key.status', {})
      await second.core.call('key.test', {})
      await second.core.call('app.info', {})
      await second.core.call('key.remove', {})
      await closeCore(second.child, second.core)

      // The traffic did happen: the save went to main and the load came back, each with the key.
      const all = [first.recorded, second.recorded]
      expect(first.recorded.fromCore.some((m) => (m as { t?: string; op?: string }).op === 'save')).toBe(true)
      expect(
        second.recorded.toCore.some((m) => JSON.stringify(m).includes(KEY) && (m as { t: string }).t === 'key-answer'),
      ).toBe(true)
      expect(JSON.stringify(events)).toMatch(/"state":"(failed|unknown)"/) // errors did pass through
      for (const rec of all) expect(leaks(rec)).toEqual([])
      expect(JSON.stringify(events)).not.toContain(KEY)
      // Main heard it, so it can scrub its own log and IPC answers too.
      expect(heardByMain).toContain(KEY)
      expect(out1() + out2()).not.toContain(KEY)
      const files = filesUnder(home)
      expect(files.some((f) => f.endsWith('soul-batch.log'))).toBe(true)
      for (const f of files) expect(readFileSync(f).includes(Buffer.from(KEY)), f).toBe(false)
    } finally {
      await sim.stop()
    }
  }, 180_000)
})
