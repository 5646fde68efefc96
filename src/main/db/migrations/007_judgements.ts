import type { Migration } from './index'

/**
 * Picks (issue 9): every judgement "in this row, cell A beat cell B" (or a tie), grouped by the user action that
 * made it so an undo takes the whole action back. Styles are copied onto the row: the leaderboard groups by them
 * without touching cells, and a judgement stays a fact of the user's taste even after its images are deleted.
 * The partial cells index finds, for a duel, the saved cells of one style in the rows of another style's cells.
 */
export const judgements: Migration = {
  version: 7,
  name: 'judgements',
  up(db) {
    db.exec(`
      CREATE TABLE judgements (
        id INTEGER PRIMARY KEY,
        group_id TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('pick', 'rank', 'duel')),
        row_key TEXT NOT NULL,
        batch_id TEXT,
        winner_cell_id TEXT NOT NULL,
        loser_cell_id TEXT NOT NULL,
        winner_style TEXT NOT NULL,
        loser_style TEXT NOT NULL,
        tie INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX judgements_batch ON judgements (batch_id, winner_style, loser_style, tie);
      CREATE INDEX judgements_row ON judgements (row_key, method);
      CREATE INDEX judgements_group ON judgements (group_id);
      CREATE INDEX judgements_winner_cell ON judgements (winner_cell_id, loser_cell_id);
      CREATE INDEX judgements_loser_cell ON judgements (loser_cell_id);
      CREATE INDEX cells_saved_style ON cells (style_id, batch_id, prompt_index, seed_index) WHERE state = 'saved';
    `)
  },
}
