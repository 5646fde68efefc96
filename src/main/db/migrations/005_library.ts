import { SOUL_STYLES } from '@shared/catalog'
import type { Migration } from './index'

/**
 * The library (issue 8): tags in their own many-to-many tables, an FTS5 index over prompt, style name, tags,
 * batch name and seed, and one partial index per gallery page shape so that every page is an index range walk
 * (no table scan, no temporary sort) at 100 000 images.
 *
 * Conventions kept from 001: `trashed_at` NULL = not in the trash, else the ms it was trashed (the `cost`
 * branch trashes a deleted batch's images by setting it). New here: `rating` 0 = not rated (NULL would fall out
 * of keyset comparisons), `starred` 0/1, `style_id` copied out of params_json so it can be indexed.
 *
 * images_fts rows share the image's rowid. The images table has a TEXT primary key, so its rowids are implicit:
 * a plain VACUUM could renumber them; anyone adding a VACUUM must rebuild images_fts after it.
 */
export const library: Migration = {
  version: 5,
  name: 'library',
  up(db) {
    db.exec(`
      ALTER TABLE images ADD COLUMN style_id TEXT NOT NULL DEFAULT '';
      UPDATE images SET
        style_id = coalesce(json_extract(params_json, '$.style_id'), ''),
        rating = coalesce(rating, 0),
        starred = coalesce(starred, 0);

      CREATE TABLE style_names (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
      );
      CREATE TABLE image_tags (
        tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        image_id TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, image_id)
      ) WITHOUT ROWID;
      CREATE INDEX image_tags_image ON image_tags (image_id, tag_id);

      -- Gallery pages: one index per driving filter, each ending in the sort keys (see db/library-query.ts).
      CREATE INDEX images_live_created ON images (created_at, id) WHERE trashed_at IS NULL;
      CREATE INDEX images_live_rating ON images (rating, created_at, id) WHERE trashed_at IS NULL;
      CREATE INDEX images_live_batch ON images (batch_id, created_at, id) WHERE trashed_at IS NULL;
      CREATE INDEX images_live_style ON images (style_id, created_at, id) WHERE trashed_at IS NULL;
      CREATE INDEX images_live_starred ON images (starred, created_at, id) WHERE trashed_at IS NULL;
      CREATE INDEX images_trash_created ON images (created_at, id) WHERE trashed_at IS NOT NULL;
      CREATE INDEX images_trash_rating ON images (rating, created_at, id) WHERE trashed_at IS NOT NULL;
      -- The integrity scan walks rows in rowid order in slices; thumbnails to make are found without a scan.
      -- "Add images from a folder" recognises an image the library already holds by its bytes.
      CREATE INDEX images_sha ON images (sha256);

      CREATE VIRTUAL TABLE images_fts USING fts5(
        prompt, style, tags, batch, seed,
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
        INSERT INTO images_fts (rowid, prompt, style, tags, batch, seed) VALUES (
          new.rowid,
          coalesce(json_extract(new.params_json, '$.prompt'), ''),
          coalesce((SELECT name FROM style_names WHERE id = json_extract(new.params_json, '$.style_id')), ''),
          '',
          coalesce((SELECT name FROM batches WHERE id = new.batch_id), ''),
          coalesce(new.seed, '')
        );
      END;
      CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
        DELETE FROM images_fts WHERE rowid = old.rowid;
      END;
      CREATE TRIGGER images_fts_update AFTER UPDATE OF params_json, seed ON images BEGIN
        UPDATE images_fts SET
          prompt = coalesce(json_extract(new.params_json, '$.prompt'), ''),
          style = coalesce((SELECT name FROM style_names WHERE id = json_extract(new.params_json, '$.style_id')), ''),
          seed = coalesce(new.seed, '')
        WHERE rowid = new.rowid;
      END;
      CREATE TRIGGER image_tags_fts_insert AFTER INSERT ON image_tags BEGIN
        UPDATE images_fts SET tags = (
          SELECT coalesce(group_concat(t.name, ' '), '') FROM image_tags it JOIN tags t ON t.id = it.tag_id
          WHERE it.image_id = new.image_id
        ) WHERE rowid = (SELECT rowid FROM images WHERE id = new.image_id);
      END;
      CREATE TRIGGER image_tags_fts_delete AFTER DELETE ON image_tags BEGIN
        UPDATE images_fts SET tags = (
          SELECT coalesce(group_concat(t.name, ' '), '') FROM image_tags it JOIN tags t ON t.id = it.tag_id
          WHERE it.image_id = old.image_id
        ) WHERE rowid = (SELECT rowid FROM images WHERE id = old.image_id);
      END;
      -- Which images are in the library (not marks): counts per style, batch and day change only with this.
      INSERT OR IGNORE INTO meta (key, value) VALUES ('library_membership', '0');
      CREATE TRIGGER images_membership_insert AFTER INSERT ON images BEGIN
        UPDATE meta SET value = value + 1 WHERE key = 'library_membership';
      END;
      CREATE TRIGGER images_membership_delete AFTER DELETE ON images BEGIN
        UPDATE meta SET value = value + 1 WHERE key = 'library_membership';
      END;
      CREATE TRIGGER images_membership_trash AFTER UPDATE OF trashed_at ON images BEGIN
        UPDATE meta SET value = value + 1 WHERE key = 'library_membership';
      END;
      CREATE TRIGGER batches_fts_rename AFTER UPDATE OF name ON batches BEGIN
        UPDATE images_fts SET batch = new.name
        WHERE rowid IN (SELECT rowid FROM images WHERE batch_id = new.id);
      END;
    `)
    const style = db.prepare('INSERT INTO style_names (id, name) VALUES (?, ?)')
    for (const s of SOUL_STYLES) style.run(s.id, s.name)
    db.exec(`
      INSERT INTO images_fts (rowid, prompt, style, tags, batch, seed)
      SELECT i.rowid,
        coalesce(json_extract(i.params_json, '$.prompt'), ''),
        coalesce((SELECT name FROM style_names WHERE id = i.style_id), ''),
        '',
        coalesce((SELECT name FROM batches WHERE id = i.batch_id), ''),
        coalesce(i.seed, '')
      FROM images i;
    `)
  },
}
