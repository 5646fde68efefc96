import type { SoulParams } from '@shared/domain'
import { sql, type Db } from '../db/connection'
import type { ParsedLayout } from './grid-image-plan'

/** What the exports need of one cell of the layout: its parameters and, when it has one, its image. */
export interface GridCellFacts {
  cellId: string
  batchId: string
  state: string
  params: SoulParams
  image: {
    id: string
    path: string
    thumbPath: string | null
    width: number
    height: number
    mime: string
    /** The seed Segmind used (may differ from the one asked for). */
    seed: number | null
  } | null
}

interface Raw {
  id: string
  batch_id: string
  state: string
  params_json: string
  image_id: string | null
  path: string | null
  thumb_path: string | null
  width: number | null
  height: number | null
  mime: string | null
  seed: number | null
}

/** Ids per statement: one primary-key lookup each, a few ms a slice; the event loop gets a turn between slices. */
const SLICE = 400

export function layoutCellIds(layout: ParsedLayout): string[] {
  const ids = new Set<string>()
  for (const row of layout.rows) for (const c of row.cells) if (c.cellId !== null) ids.add(c.cellId)
  return [...ids]
}

/**
 * The facts of every cell the layout names, by primary key. A trashed image or one whose file the scan found
 * missing counts as no image (its slot is drawn empty). Unknown ids are simply absent from the map.
 */
export async function readGridCells(db: Db, layout: ParsedLayout): Promise<Map<string, GridCellFacts>> {
  const ids = layoutCellIds(layout)
  const out = new Map<string, GridCellFacts>()
  const stmt = sql(
    db,
    `SELECT c.id, c.batch_id, c.state, c.params_json, i.id AS image_id, i.path, i.thumb_path, i.width, i.height,
       i.mime, i.seed
     FROM cells AS c
     LEFT JOIN images AS i ON i.cell_id = c.id AND i.trashed_at IS NULL AND i.missing = 0
     WHERE c.id IN (SELECT value FROM json_each(?))`,
  )
  for (let at = 0; at < ids.length; at += SLICE) {
    if (at > 0) await new Promise<void>((r) => setImmediate(r))
    for (const r of stmt.all(JSON.stringify(ids.slice(at, at + SLICE))) as Raw[]) {
      out.set(r.id, {
        cellId: r.id,
        batchId: r.batch_id,
        state: r.state,
        params: JSON.parse(r.params_json) as SoulParams,
        image:
          r.image_id !== null && r.path !== null
            ? {
                id: r.image_id,
                path: r.path,
                thumbPath: r.thumb_path,
                width: r.width ?? 0,
                height: r.height ?? 0,
                mime: r.mime ?? '',
                seed: r.seed,
              }
            : null,
      })
    }
  }
  return out
}
