import { sql, type Db } from './connection'

/**
 * Cells whose job finished on Segmind but whose image the library could not take (error kind `library`): they
 * keep their request and output URL, so fetching them again costs a download, never a submit. Read a page at a
 * time in id order (the `cells_state` index narrows to failed cells first), so a big library is never one read.
 */
export function unwrittenCellIds(db: Db, afterId: string, limit: number, batchId?: string): string[] {
  const rows = batchId
    ? sql(
        db,
        `SELECT id FROM cells WHERE state = 'failed' AND request_id IS NOT NULL AND json_extract(error_json, '$.kind') = 'library'
           AND batch_id = ? AND id > ? ORDER BY id LIMIT ?`,
      ).all(batchId, afterId, limit)
    : sql(
        db,
        `SELECT id FROM cells WHERE state = 'failed' AND request_id IS NOT NULL AND json_extract(error_json, '$.kind') = 'library'
           AND id > ? ORDER BY id LIMIT ?`,
      ).all(afterId, limit)
  return (rows as { id: string }[]).map((r) => r.id)
}

/** Cells whose job vanished on Segmind before its retention (see scheduler/not-found.ts), in one batch. */
export function vanishedCellIds(db: Db, batchId: string): string[] {
  const rows = sql(
    db,
    `SELECT id FROM cells WHERE batch_id = ? AND state = 'expired' AND json_extract(error_json, '$.kind') = 'vanished'`,
  ).all(batchId)
  return (rows as { id: string }[]).map((r) => r.id)
}
