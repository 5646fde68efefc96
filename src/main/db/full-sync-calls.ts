import type { CallName, CoreHandlers } from '@shared/contracts'
import { setSynchronous, type Db } from './connection'

/**
 * Every call from a window or the CLI starts with synchronous=FULL, as every write did before the scheduler learned
 * to leave the connection at NORMAL while its WAL fsync runs off the thread (connection.ts). A user's cancel, pause
 * or budget cap commits in the call's own transaction and must survive a power cut before the queue acts again: a
 * cancel lost that way would send POSTs the user declined to pay for. The scheduler's next arrow relaxes it again
 * (one statement each way; a call that only reads pays one cached statement, only when the mode changes).
 */
export function fullSyncPerCall(db: Db, handlers: CoreHandlers): CoreHandlers {
  const out: Partial<Record<CallName, unknown>> = {}
  for (const name of Object.keys(handlers) as CallName[]) {
    const handler = handlers[name] as (input: unknown) => unknown
    out[name] = (input: unknown) => {
      if (db.open && !db.inTransaction) setSynchronous(db, 'FULL')
      return handler(input)
    }
  }
  return out as CoreHandlers
}
