import type { Migration } from './index'

/**
 * The first schema. Times are epoch milliseconds; file paths are relative to the library home so a library
 * can be moved. Room for the roadmap: images carry rating/starred/trashed_at, tags and FTS5 search will be
 * their own tables in later migrations, and (created_at, id) keys keyset paging of a 100k gallery.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'done', 'cancelled')),
        priority INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL,
        matrix_json TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        total INTEGER NOT NULL,
        spend REAL NOT NULL DEFAULT 0,
        budget_cap REAL,
        finished_at INTEGER
      );
      CREATE INDEX batches_fingerprint ON batches (fingerprint);

      CREATE TABLE cells (
        id TEXT PRIMARY KEY,
        batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        prompt_index INTEGER NOT NULL,
        style_id TEXT NOT NULL,
        seed_index INTEGER NOT NULL,
        params_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'submitting', 'queued', 'processing', 'fetching',
          'saved', 'failed', 'unknown', 'cancelled', 'expired')),
        request_id TEXT,
        status_url TEXT,
        response_url TEXT,
        output_url TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        submits INTEGER NOT NULL DEFAULT 0,
        polls INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        error_json TEXT,
        submitted_at INTEGER,
        detected_at INTEGER,
        completed_at INTEGER,
        cost REAL,
        metrics_json TEXT,
        next_check_at INTEGER,
        updated_at INTEGER NOT NULL,
        UNIQUE (batch_id, prompt_index, style_id, seed_index)
      );
      CREATE INDEX cells_state ON cells (state, next_check_at);
      CREATE INDEX cells_batch_state ON cells (batch_id, state, ord);
      CREATE INDEX cells_request ON cells (request_id);

      CREATE TABLE images (
        id TEXT PRIMARY KEY,
        cell_id TEXT NOT NULL UNIQUE REFERENCES cells (id) ON DELETE CASCADE,
        batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        thumb_path TEXT,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        mime TEXT NOT NULL,
        seed INTEGER,
        params_json TEXT NOT NULL,
        metrics_json TEXT,
        request_id TEXT,
        created_at INTEGER NOT NULL,
        missing INTEGER NOT NULL DEFAULT 0,
        rating INTEGER,
        starred INTEGER,
        trashed_at INTEGER
      );
      CREATE INDEX images_batch ON images (batch_id, created_at);
      CREATE INDEX images_created ON images (created_at, id);

      CREATE TABLE request_counts (
        batch_id TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (batch_id, endpoint)
      );
    `)
  },
}
