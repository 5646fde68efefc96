import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { matrix, rig, STYLE_A, type Rig } from '../core/helpers'

/**
 * REVIEW FINDING: 'status', 'completed' and 'result' commit with synchronous=NORMAL (commit.ts RELAXED), but the
 * image and thumbnail are fsynced before the FULL 'saved' commit. A power cut after the files are written and
 * before 'saved' can therefore leave, after reboot, a cell back at its last synced arrow ('queued', from
 * 'submitted') with its whole image on disk. The reconcile scan adopts a file only for a 'fetching' cell
 * (recovery.ts canAdopt), so this image is moved to quarantine/ and the job is polled again; if the restart comes
 * after Segmind's 1 h retention, the poll answers 404, the cell becomes 'expired', and the image the user paid
 * for sits in quarantine while the cell asks them to pay again.
 *
 * The test builds that post-power-cut state from a real run (row rolled back to 'queued', files left) and lets
 * the job's record expire on the simulator before reopening.
 */
let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('review: an image fsynced before a lost relaxed commit is not lost', () => {
  it('adopts the file of a queued cell instead of quarantining it and expiring the cell', async () => {
    r = await rig('review-powercut', {}, { settings: { rpm: 6000, concurrency: 1 } })
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['power cut'], [STYLE_A]) })
    await r.core.waitForIdle()
    const done = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    expect(done.state).toBe('saved')
    await r.core.close()

    // The state a power cut leaves: relaxed arrows (completed, result) and the 'saved' commit never reached the
    // disk, the fsynced files did. The last synced arrow was 'submitted': the row is 'queued'.
    const db = new Database(join(r.home, 'soul-batch.db'))
    const img = db.prepare('SELECT path, thumb_path FROM images WHERE cell_id = ?').get(done.id) as {
      path: string
      thumb_path: string
    }
    db.prepare('DELETE FROM images WHERE cell_id = ?').run(done.id)
    db.prepare(
      `UPDATE cells SET state = 'queued', polls = 0, output_url = NULL, detected_at = NULL, completed_at = NULL,
         cost = NULL, metrics_json = NULL, failures = 0 WHERE id = ?`,
    ).run(done.id)
    db.prepare("UPDATE batches SET status = 'active', finished_at = NULL, spend = 0 WHERE id = ?").run(batchId)
    db.close()
    expect(existsSync(join(r.home, img.path))).toBe(true)

    // The machine comes back after Segmind's retention: the job's record is gone.
    r.sim.update({ ttlSeconds: 0.001 })
    const core = await r.reopen()
    await core.waitForIdle()

    const cell = (await core.handlers['batch.get']({ batchId })).cells[0]!
    const quarantined = existsSync(join(r.home, 'quarantine'))
      ? readdirSync(join(r.home, 'quarantine'), { recursive: true }).filter((n) => String(n).endsWith('.jpg'))
      : []
    expect({ state: cell.state, hasImage: cell.image !== null && cell.image !== undefined, quarantined }).toEqual({
      state: 'saved',
      hasImage: true,
      quarantined: [],
    })
  })
})
