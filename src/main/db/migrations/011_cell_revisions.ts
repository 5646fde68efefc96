import type { Migration } from './index'

/**
 * Every cell row gets a revision that grows on each change (issue 11). The scheduler reads the cells on the server
 * on every tick of its queue; with 128 in flight that was 128 whole rows (params, URLs, error and metrics JSON)
 * materialised per tick, ~27 per saved cell and a quarter of all the host's allocations in the 10 000-cell bench.
 * With a revision a tick reads only (id, rev) and keeps the rows it already has (db/cells.ts `inFlightCells`).
 *
 * The cells repository bumps `rev` in its own UPDATEs. The trigger covers any other writer (a test, a future
 * UPDATE that forgets): an UPDATE that leaves `rev` as it was gets it bumped. It fires only then, so the
 * repository's writes pay nothing for it; SQLite's recursive triggers are off, and its own UPDATE changes `rev`.
 */
export const cellRevisions: Migration = {
  version: 11,
  name: 'cell_revisions',
  up(db) {
    db.exec(`
      ALTER TABLE cells ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
      CREATE TRIGGER cells_rev_bump AFTER UPDATE ON cells FOR EACH ROW WHEN NEW.rev = OLD.rev BEGIN
        UPDATE cells SET rev = OLD.rev + 1 WHERE rowid = NEW.rowid;
      END;
    `)
  },
}
