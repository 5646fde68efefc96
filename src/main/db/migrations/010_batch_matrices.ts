import type { Migration } from './index'

/**
 * A batch's matrix moves out of its row (issue 11). The matrix is written once and read once per process, but the
 * batches row is updated on every saved cell (`spend`) and every imported image (`total`). SQLite rewrites a whole
 * record when any column of it changes, so each of those updates read and rewrote the matrix's overflow pages:
 * ~300 KB for a 10 000-row CSV batch, 0.7 ms of the host's time per saved cell against 0.1 for a small matrix.
 * With the matrix in a table of its own the batches row stays a few hundred bytes, whatever the batch's size.
 */
export const batchMatrices: Migration = {
  version: 10,
  name: 'batch_matrices',
  up(db) {
    db.exec(`
      CREATE TABLE batch_matrices (
        batch_id TEXT PRIMARY KEY REFERENCES batches (id) ON DELETE CASCADE,
        matrix_json TEXT NOT NULL
      );
      INSERT INTO batch_matrices (batch_id, matrix_json) SELECT id, matrix_json FROM batches;
      ALTER TABLE batches DROP COLUMN matrix_json;
    `)
  },
}
