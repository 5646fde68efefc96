import Database from 'better-sqlite3'
import { join } from 'node:path'
import { DB_FILE_NAME } from '../db/connection'

export interface Detection {
  requestId: string
  submittedAt: number
  /** When a status check first saw the job COMPLETED: detection lag = detectedAt - the server's completion time. */
  detectedAt: number
  /** Status answers this job needed. */
  polls: number
}

/**
 * For benchmarks: every detected job in a library, read from a read-only connection beside a running core.
 * Pair with the simulator's counters.completedAt (same request ids) to measure detection lag.
 */
export function readDetections(home: string): Detection[] {
  const db = new Database(join(home, DB_FILE_NAME), { readonly: true })
  try {
    return (
      db
        .prepare(
          `SELECT request_id, submitted_at, detected_at, polls FROM cells
           WHERE request_id IS NOT NULL AND detected_at IS NOT NULL AND submitted_at IS NOT NULL`,
        )
        .all() as { request_id: string; submitted_at: number; detected_at: number; polls: number }[]
    ).map((r) => ({ requestId: r.request_id, submittedAt: r.submitted_at, detectedAt: r.detected_at, polls: r.polls }))
  } finally {
    db.close()
  }
}
