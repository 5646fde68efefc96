import { sql, type Db } from './connection'

export interface JobTimingRow {
  key: string
  /** Model seconds: wall ms over the time scale. */
  seconds: number
  at: number
}

/** Samples older than this are forgotten: a server a month ago says little about today's. */
export const TIMING_MAX_AGE_MS = 30 * 24 * 3600 * 1000
/** Rows kept at most; the model uses 64 per size anyway. */
const KEEP_ROWS = 4096
/** Rows read at start: newest first, enough for 64 samples of many sizes. */
const LOAD_ROWS = 1024

/** Newest samples since `since`, oldest first (the order the model learns in). */
export function recentJobTimings(db: Db, since: number): JobTimingRow[] {
  const rows = sql(db, 'SELECT key, seconds, at FROM job_timings WHERE at >= ? ORDER BY at DESC LIMIT ?').all(
    since,
    LOAD_ROWS,
  ) as JobTimingRow[]
  return rows.reverse()
}

/** One transaction for a handful of samples, so learning costs one commit per flush, not one per job. */
export function insertJobTimings(db: Db, rows: readonly JobTimingRow[]): void {
  if (rows.length === 0) return
  const insert = sql(db, 'INSERT INTO job_timings (key, seconds, at) VALUES (?, ?, ?)')
  db.transaction(() => {
    for (const r of rows) insert.run(r.key, r.seconds, r.at)
  })()
}

/** Drops what aged out and keeps the table small. */
export function pruneJobTimings(db: Db, olderThan: number): void {
  db.transaction(() => {
    sql(db, 'DELETE FROM job_timings WHERE at < ?').run(olderThan)
    sql(db, 'DELETE FROM job_timings WHERE id <= (SELECT MAX(id) FROM job_timings) - ?').run(KEEP_ROWS)
  })()
}
