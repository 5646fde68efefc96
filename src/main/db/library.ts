import type { LibraryDetail, LibraryFilter, LibraryItem, LibraryPage, LibrarySort } from '@shared/contracts/library'
import { SOUL_STYLES } from '@shared/catalog'
import type { SoulParams } from '@shared/domain'
import type { Metrics } from '../cloud/types'
import { sql, type Db } from './connection'
import { countQuery, decodeCursor, encodeCursor, ITEM_COLUMNS, pageQuery, sortKeyOf } from './library-query'

/** The library's reads and marks: synchronous, one short statement or transaction each (no await inside). */

const STYLE_NAMES = new Map(SOUL_STYLES.map((s) => [s.id, s.name]))
export const styleName = (id: string): string => STYLE_NAMES.get(id) ?? id

export interface RawItem {
  id: string
  cell_id: string
  batch_id: string
  params_json: string
  seed: number | null
  width: number
  height: number
  created_at: number
  starred: number | null
  rating: number | null
  trashed_at: number | null
  missing: number
  mime: string
  batch_name: string
  tags: string | null
}

export function itemOf(r: RawItem): LibraryItem {
  const p = JSON.parse(r.params_json) as SoulParams
  return {
    id: r.id,
    batchId: r.batch_id,
    batchName: r.batch_name,
    cellId: r.cell_id,
    prompt: p.prompt,
    styleId: p.style_id,
    styleName: styleName(p.style_id),
    seed: r.seed ?? p.seed ?? null,
    size: p.width_and_height,
    width: r.width,
    height: r.height,
    createdAt: r.created_at,
    starred: (r.starred ?? 0) !== 0,
    rating: r.rating ? r.rating : null,
    tags: r.tags ? r.tags.split('\u001f').sort((a, b) => a.localeCompare(b)) : [],
    trashedAt: r.trashed_at,
    missing: r.missing !== 0,
    mime: r.mime,
  }
}

export interface ListArgs {
  filter: LibraryFilter
  sort: LibrarySort
  limit: number
  cursor?: string | null | undefined
  withTotal?: boolean | undefined
}

export function listPage(db: Db, a: ListArgs): LibraryPage {
  const key = decodeCursor(a.sort, a.cursor)
  const q = pageQuery(a.filter, a.sort, key, a.limit)
  const rows = sql(db, q.sql).all(...q.params) as RawItem[]
  const more = rows.length > a.limit
  const page = more ? rows.slice(0, a.limit) : rows
  const last = page[page.length - 1]
  const nextCursor =
    more && last ? encodeCursor(a.sort, sortKeyOf(a.sort, { ...last, rating: last.rating ?? 0 })) : null
  let total: number | null = null
  if (!key && a.withTotal) {
    const c = countQuery(a.filter, a.sort)
    total = (sql(db, c.sql).get(...c.params) as { n: number }).n
  }
  return { items: page.map(itemOf), nextCursor, total }
}

/** A counter the triggers bump whenever an image enters or leaves the library or the trash (migration 5). */
export function libraryMembership(db: Db): string {
  const m = sql(db, "SELECT value FROM meta WHERE key = 'library_membership'").get() as { value: string } | undefined
  return String(m?.value ?? '')
}

/** Tiles by id, in the order asked (the marks call answers with the rows it changed). */
export function itemsByIds(db: Db, ids: readonly string[]): LibraryItem[] {
  const q = sql(
    db,
    `SELECT ${ITEM_COLUMNS} FROM images AS i LEFT JOIN batches AS b ON b.id = i.batch_id WHERE i.id = ?`,
  )
  const out: LibraryItem[] = []
  for (const id of ids) {
    const r = q.get(id) as RawItem | undefined
    if (r) out.push(itemOf(r))
  }
  return out
}

interface RawDetail extends RawItem {
  metrics_json: string | null
  request_id: string | null
  bytes: number
  sha256: string
  path: string
  prompt_index: number | null
  seed_index: number | null
  cell_params_json: string | null
}

export function getDetail(db: Db, id: string): LibraryDetail | undefined {
  const r = sql(
    db,
    `SELECT ${ITEM_COLUMNS}, i.metrics_json, i.request_id, i.bytes, i.sha256, i.path,
       c.prompt_index, c.seed_index, c.params_json AS cell_params_json
     FROM images AS i LEFT JOIN batches AS b ON b.id = i.batch_id LEFT JOIN cells AS c ON c.id = i.cell_id
     WHERE i.id = ?`,
  ).get(id) as RawDetail | undefined
  if (!r) return undefined
  const p = JSON.parse(r.params_json) as SoulParams
  const m = r.metrics_json ? (JSON.parse(r.metrics_json) as Metrics) : {}
  return {
    ...itemOf(r),
    quality: p.quality ?? null,
    styleStrength: p.style_strength ?? null,
    enhancePrompt: p.enhance_prompt,
    imageUrl: p.image_url ?? null,
    seedRequested: p.seed ?? null,
    requestId: r.request_id,
    inferenceSeconds: m.inference_time ?? null,
    queueSeconds: m.queue_time ?? null,
    cost: m.cost ?? null,
    promptIndex: r.prompt_index,
    seedIndex: r.seed_index,
    bytes: r.bytes,
    sha256: r.sha256,
    path: r.path,
  }
}

export interface Marks {
  starred?: boolean | undefined
  rating?: number | null | undefined
  addTags?: readonly string[] | undefined
  removeTags?: readonly string[] | undefined
}

/** Applies the marks to every image in one transaction; tags are created on first use and matched case-blind. */
export function markImages(db: Db, ids: readonly string[], marks: Marks): void {
  db.transaction(() => {
    for (const id of ids) {
      if (marks.starred !== undefined)
        sql(db, 'UPDATE images SET starred = ? WHERE id = ?').run(marks.starred ? 1 : 0, id)
      if (marks.rating !== undefined) sql(db, 'UPDATE images SET rating = ? WHERE id = ?').run(marks.rating ?? 0, id)
    }
    for (const name of marks.addTags ?? []) {
      sql(db, 'INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name)
      const tag = (sql(db, 'SELECT id FROM tags WHERE name = ?').get(name) as { id: number }).id
      const link = sql(
        db,
        'INSERT INTO image_tags (tag_id, image_id) SELECT ?, id FROM images WHERE id = ? ON CONFLICT DO NOTHING',
      )
      for (const id of ids) link.run(tag, id)
    }
    for (const name of marks.removeTags ?? []) {
      const tag = sql(db, 'SELECT id FROM tags WHERE name = ?').get(name) as { id: number } | undefined
      if (!tag) continue
      const unlink = sql(db, 'DELETE FROM image_tags WHERE tag_id = ? AND image_id = ?')
      for (const id of ids) unlink.run(tag.id, id)
    }
    // A tag no image carries any more leaves the filter list.
    if (marks.removeTags?.length) {
      sql(db, 'DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM image_tags it WHERE it.tag_id = tags.id)').run()
    }
  })()
}

/** Moves the images to the trash; answers the ids it moved (those already there are left with their time). */
export function trashImages(db: Db, ids: readonly string[], at: number): string[] {
  return db.transaction(() => {
    const moved: string[] = []
    const q = sql(db, 'UPDATE images SET trashed_at = ? WHERE id = ? AND trashed_at IS NULL')
    for (const id of ids) if (q.run(at, id).changes > 0) moved.push(id)
    return moved
  })()
}

export function restoreImages(db: Db, ids: readonly string[]): string[] {
  return db.transaction(() => {
    const back: string[] = []
    const q = sql(db, 'UPDATE images SET trashed_at = NULL WHERE id = ? AND trashed_at IS NOT NULL')
    for (const id of ids) if (q.run(id).changes > 0) back.push(id)
    return back
  })()
}

export interface TrashedFiles {
  id: string
  created_at: number
  path: string
  thumb_path: string | null
}

/** The next slice of trashed images to delete, walking the trash index after (created_at, id) of the last slice. */
export function trashedSlice(db: Db, after: readonly [number, string], limit: number): TrashedFiles[] {
  return sql(
    db,
    `SELECT i.id, i.created_at, i.path, i.thumb_path FROM images AS i INDEXED BY images_trash_created
     WHERE i.trashed_at IS NOT NULL AND (i.created_at, i.id) > (?, ?) ORDER BY i.created_at, i.id LIMIT ?`,
  ).all(after[0], after[1], limit) as TrashedFiles[]
}

/** Drops the rows (their tags and search entries go with them through the foreign keys and triggers). */
export function deleteImageRows(db: Db, ids: readonly string[]): number {
  return db.transaction(() => {
    let n = 0
    const q = sql(db, 'DELETE FROM images WHERE id = ? AND trashed_at IS NOT NULL')
    for (const id of ids) n += q.run(id).changes
    return n
  })()
}
