import type { Migration } from './index'

/**
 * The sidebar's batch list in pages (issue 8: every listing paged and indexed). The sidebar's order is status
 * (running, paused, finished), then priority (highest first), then age (queued: oldest first, the order the scheduler
 * serves them in; finished: newest first), then id. A keyset page needs that order as plain ascending columns, so
 * three virtual generated columns spell it out (no storage, computed from the row) and one partial index covers
 * the visible batches in exactly that order: a page is an index seek plus `limit` steps, whatever the batch count.
 */
export const batchPages: Migration = {
  version: 9,
  name: 'batch_pages',
  up(db) {
    db.exec(`
      ALTER TABLE batches ADD COLUMN list_rank INTEGER
        GENERATED ALWAYS AS (CASE status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END) VIRTUAL;
      ALTER TABLE batches ADD COLUMN list_priority INTEGER GENERATED ALWAYS AS (-priority) VIRTUAL;
      ALTER TABLE batches ADD COLUMN list_age INTEGER
        GENERATED ALWAYS AS (CASE WHEN status IN ('active', 'paused') THEN created_at ELSE -created_at END) VIRTUAL;
      CREATE INDEX batches_list_order ON batches (list_rank, list_priority, list_age, id)
        WHERE creating = 0 AND deleted_at IS NULL;
    `)
  },
}
