import type { RequestCounts } from '@shared/contracts'
import type { Endpoint } from '../cloud/types'
import { sql, type Db } from './connection'

/** Requests we sent, per batch and endpoint (batch '' for calls that belong to no batch, like credits). */
export function countRequest(db: Db, batchId: string, endpoint: Endpoint, failed: boolean): void {
  sql(
    db,
    `INSERT INTO request_counts (batch_id, endpoint, count, errors) VALUES (?, ?, 1, ?)
     ON CONFLICT (batch_id, endpoint) DO UPDATE SET count = count + 1, errors = errors + excluded.errors`,
  ).run(batchId, endpoint, failed ? 1 : 0)
}

export function requestCounts(db: Db, batchId?: string): RequestCounts {
  const rows = (
    batchId === undefined
      ? sql(db, 'SELECT endpoint, SUM(count) AS n FROM request_counts GROUP BY endpoint').all()
      : sql(db, 'SELECT endpoint, SUM(count) AS n FROM request_counts WHERE batch_id = ? GROUP BY endpoint').all(
          batchId,
        )
  ) as { endpoint: string; n: number }[]
  const out: RequestCounts = { submit: 0, status: 0, result: 0, download: 0 }
  for (const r of rows) {
    if (r.endpoint === 'submit' || r.endpoint === 'sync') out.submit += r.n
    else if (r.endpoint === 'status' || r.endpoint === 'result' || r.endpoint === 'download') out[r.endpoint] += r.n
  }
  return out
}
