import type { Migration } from './index'

/**
 * Per-batch cell counts by state, kept by triggers in the same transaction as every cell write, so the batch
 * list, a batch's progress, "is this batch done?" and "which batches have pending cells?" cost a lookup instead
 * of a count over the batch's cells (which grew with the batch: 10 000 cells made every cell event slower).
 * Triggers rather than application code, so no write path can forget them.
 */
export const batchCounts: Migration = {
  version: 3,
  name: 'batch_counts',
  up(db) {
    db.exec(`
      CREATE TABLE batch_state_counts (
        batch_id TEXT NOT NULL,
        state TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (batch_id, state)
      ) WITHOUT ROWID;
      INSERT INTO batch_state_counts (batch_id, state, n)
        SELECT batch_id, state, COUNT(*) FROM cells GROUP BY batch_id, state;

      CREATE TRIGGER cells_count_insert AFTER INSERT ON cells BEGIN
        INSERT INTO batch_state_counts (batch_id, state, n) VALUES (new.batch_id, new.state, 1)
          ON CONFLICT (batch_id, state) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER cells_count_delete AFTER DELETE ON cells BEGIN
        UPDATE batch_state_counts SET n = n - 1 WHERE batch_id = old.batch_id AND state = old.state;
      END;
      CREATE TRIGGER cells_count_update AFTER UPDATE OF state, batch_id ON cells
        WHEN old.state IS NOT new.state OR old.batch_id IS NOT new.batch_id BEGIN
        UPDATE batch_state_counts SET n = n - 1 WHERE batch_id = old.batch_id AND state = old.state;
        INSERT INTO batch_state_counts (batch_id, state, n) VALUES (new.batch_id, new.state, 1)
          ON CONFLICT (batch_id, state) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER batches_count_delete AFTER DELETE ON batches BEGIN
        DELETE FROM batch_state_counts WHERE batch_id = old.id;
      END;

      -- The submit loop asks for active batches in priority order many times a second.
      CREATE INDEX batches_runnable ON batches (priority DESC, position ASC) WHERE status = 'active';
      CREATE INDEX batches_fingerprint_status ON batches (fingerprint, status);
    `)
  },
}
