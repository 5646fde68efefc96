import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { matrix, rig, simKey, STYLE_A, type Rig } from '../core/helpers'

/**
 * REVIEW FINDING (same root as submit-answer-kept-when-db-write-fails): in sync mode, sendSync
 * (scheduler/operations.ts) writes the billed image to disk and then commits `saved` + the image row; when that
 * commit throws (a SQLite write error), the catch calls it "billed but unusable" (`sync_unusable` -> failed). The
 * file is on disk, complete, but its cell is `failed`, so the next start's reconcile scan does not adopt it: it is
 * moved to quarantine/, and the cell invites the user to pay again for an image they already have.
 */
let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('review: a sync image whose row could not be written', () => {
  it('is adopted at the next start instead of quarantined', async () => {
    r = await rig('review-sync-row', {}, { autoStart: false, settings: { rpm: 6000, concurrency: 1, mode: 'sync' } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['sync row fails'], [STYLE_A]) })
    const db = new Database(join(r.home, 'soul-batch.db'))
    db.exec(`CREATE TRIGGER review_fail_image_row BEFORE INSERT ON images
      BEGIN SELECT RAISE(ABORT, 'database or disk is full (injected)'); END;`)
    r.core.start()
    await r.core.waitForIdle()
    const first = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    expect(r.sim.counters.submitsByKey.get(simKey(first.params))).toBe(1) // billed once
    // The disk problem goes away; the app restarts.
    db.exec('DROP TRIGGER review_fail_image_row')
    db.close()
    const core = await r.reopen()
    core.start() // the rig reopens with autoStart: false
    await core.waitForIdle()

    const cell = (await core.handlers['batch.get']({ batchId })).cells[0]!
    const quarantine = join(r.home, 'quarantine')
    const quarantined = existsSync(quarantine)
      ? readdirSync(quarantine, { recursive: true }).filter((n) => /\.(jpg|png|webp)$/.test(String(n)))
      : []
    expect({ state: cell.state, quarantined }).toEqual({ state: 'saved', quarantined: [] })
    expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)
  })
})
