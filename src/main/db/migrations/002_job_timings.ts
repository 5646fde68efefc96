import type { Migration } from './index'

/**
 * How long jobs took, kept so a new process starts with what earlier runs learned instead of the prior (the
 * planner polls a 2 s server at 2 s from the first batch of the second run). Seconds are model seconds (wall
 * ms divided by the time scale), so samples from a time-scaled simulator stay meaningful. Old rows age out.
 */
export const jobTimings: Migration = {
  version: 2,
  name: 'job_timings',
  up(db) {
    db.exec(`
      CREATE TABLE job_timings (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        seconds REAL NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX job_timings_at ON job_timings (at);
    `)
  },
}
