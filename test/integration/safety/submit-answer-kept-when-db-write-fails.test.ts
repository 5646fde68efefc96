import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { matrix, readDb, rig, simKey, STYLE_A, type Rig } from '../core/helpers'

/**
 * REVIEW FINDING: sendSubmit (src/main/scheduler/operations.ts) wraps the POST *and* the commit of its answer in
 * one try. When the commit of `submitted` throws (any SQLite write error: SQLITE_BUSY from another process,
 * SQLITE_FULL, SQLITE_IOERR), the catch treats it as a failed POST: the cell becomes `unknown` and the request id
 * the server just returned is dropped. The job exists and is billed, but it is never polled or collected, and
 * the cell tells the user to pay again.
 *
 * The write error is injected with a real SQLite trigger that refuses exactly one write of a request id; the
 * test lifts it right after the first attempt, so the database accepts writes again before anything else runs.
 */
let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

describe('review: the answer to a POST survives a failed database write', () => {
  it('a billed job whose request id could not be written at once is still recorded and collected', async () => {
    let lift: (() => void) | null = null
    r = await rig(
      'review-submit-db',
      {},
      {
        autoStart: false,
        settings: { rpm: 6000, concurrency: 1 },
        // Runs when the POST's answer has been read, before sendSubmit commits it: lift the fault on the next turn.
        onRequest: (e) => {
          if (e.endpoint === 'submit' && lift) setImmediate(lift)
        },
      },
    )
    const { batchId } = await r.core.handlers['batch.create']({ matrix: matrix(['db hiccup'], [STYLE_A]) })

    const db = new Database(join(r.home, 'soul-batch.db'))
    db.exec(`
      CREATE TABLE review_fault (armed INTEGER NOT NULL);
      INSERT INTO review_fault VALUES (1);
      CREATE TRIGGER review_fail_request_id BEFORE UPDATE OF request_id ON cells
        WHEN NEW.request_id IS NOT NULL AND (SELECT armed FROM review_fault) = 1
        BEGIN SELECT RAISE(ABORT, 'database or disk is full (injected)'); END;
    `)
    lift = () => db.exec('UPDATE review_fault SET armed = 0')

    r.core.start()
    await r.core.waitForIdle()
    db.exec('DROP TRIGGER review_fail_request_id; DROP TABLE review_fault')
    db.close()

    const cell = (await r.core.handlers['batch.get']({ batchId })).cells[0]!
    // The server created (and billed) exactly one job for this cell...
    expect(r.sim.counters.submitsByKey.get(simKey(cell.params))).toBe(1)
    // ...and it must not be forgotten: the cell holds its request id and its image was collected.
    const row = readDb(r.home, (d) => d.prepare('SELECT state, request_id FROM cells WHERE id = ?').get(cell.id)) as {
      state: string
      request_id: string | null
    }
    expect({ state: row.state, hasRequestId: row.request_id !== null }).toEqual({ state: 'saved', hasRequestId: true })
    expect(cell.image).toBeTruthy()
  })
})
