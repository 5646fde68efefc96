import type { Migration } from './index'

/**
 * Big batches. `creating` marks a batch whose cells are still being written in slices: it is hidden from every
 * listing and never runnable, and one left behind by a crash is removed at the next start. The position index
 * keys the grid's pages (prompt row, then grid order) so a page is an index range, not a scan of the batch.

 */
export const batchCreation: Migration = {
  version: 4,
  name: 'batch_creation',
  up(db) {
    db.exec(`
      ALTER TABLE batches ADD COLUMN creating INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX cells_batch_position ON cells (batch_id, prompt_index, ord);
    `)
  },
}
