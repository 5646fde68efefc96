import { beforeEach, describe, expect, it } from 'vitest'
import type { CoreHandlers } from '@shared/contracts'
import { setSynchronous, type Db } from '../../../src/main/db/connection'
import { fullSyncPerCall } from '../../../src/main/db/full-sync-calls'
import { tempLibraryDbForTest } from '../../helpers/temp-library-db'

let db: Db
beforeEach(() => {
  db = tempLibraryDbForTest('soul-full-sync-').db
})

describe('calls from a window or the CLI', () => {
  it('run with synchronous=FULL even when the scheduler left the connection at NORMAL', async () => {
    const seen: number[] = []
    const handlers = {
      'queue.pause': () => {
        // What a cancel or a pause commits with: read inside the call, where its transaction would run.
        seen.push(db.pragma('synchronous', { simple: true }) as number)
        return { ok: true }
      },
    } as unknown as CoreHandlers
    const wrapped = fullSyncPerCall(db, handlers)
    setSynchronous(db, 'NORMAL')
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    await wrapped['queue.pause']({} as never)
    expect(seen).toEqual([2])
    // The answer is the handler's own, synchronous handlers stay synchronous.
    setSynchronous(db, 'NORMAL')
    expect(wrapped['queue.pause']({} as never)).toEqual({ ok: true })
    expect(seen).toEqual([2, 2])
  })
})
