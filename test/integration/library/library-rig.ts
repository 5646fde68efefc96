import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { SOUL_STYLES } from '@shared/catalog'
import { MatrixSchema, type SoulParams } from '@shared/domain'
import { insertBatch } from '../../../src/main/db/batches'
import { getCell, insertCells, updateCell } from '../../../src/main/db/cells'
import type { Db } from '../../../src/main/db/connection'
import { insertImage } from '../../../src/main/db/images'
import { checkImage } from '../../../src/main/library/image-check'
import { cellImageMetadata } from '../../../src/main/library/image-metadata'
import { writeImageFiles } from '../../../src/main/library/save-image'
import { createLogger, type LogRecord } from '../../../src/main/log'
import { openTempLibraryDb } from '../../helpers/temp-library-db'

/** A real library in a temp folder: SQLite file, image files written through the app's own write path. */
export interface LibraryRig {
  home: string
  db: Db
  lines: LogRecord[]
  log: ReturnType<typeof createLogger>
  close(): void
}

export function openRig(prefix = 'soul-batch-library-'): LibraryRig {
  const lines: LogRecord[] = []
  return { ...openTempLibraryDb(prefix), lines, log: createLogger((r) => lines.push(r)) }
}

export const STYLE = SOUL_STYLES[0]!
export const STYLE2 = SOUL_STYLES[1]!

export function addBatch(db: Db, name: string, id = randomUUID()): string {
  insertBatch(db, {
    id,
    name,
    createdAt: 1,
    status: 'done',
    priority: 0,
    matrix: MatrixSchema.parse({ prompts: [{ prompt: name }], styleIds: [STYLE.id], width_and_height: '1536x2048' }),
    fingerprint: `f-${id}`,
    total: 0,
  })
  return id
}

export type Format = 'png' | 'jpeg' | 'webp'

export async function imageBytes(format: Format, hue = 0): Promise<Buffer> {
  const img = sharp({ create: { width: 48, height: 64, channels: 3, background: { r: hue % 256, g: 90, b: 160 } } })
  return format === 'png' ? img.png().toBuffer() : format === 'jpeg' ? img.jpeg().toBuffer() : img.webp().toBuffer()
}

export interface AddImage {
  batchId: string
  prompt: string
  styleId?: string
  seed?: number
  createdAt: number
  format?: Format
  promptIndex?: number
}

let ordCounter = 0

/** One saved image: cell row, files (embedded metadata + sidecar + thumbnail) and image row, as the runner does. */
export async function addImage(rig: LibraryRig, a: AddImage): Promise<string> {
  const cellId = randomUUID()
  const imageId = randomUUID()
  const params: SoulParams = {
    prompt: a.prompt,
    enhance_prompt: false,
    style_id: a.styleId ?? STYLE.id,
    width_and_height: '1536x2048',
    seed: a.seed ?? 1,
    style_strength: 1,
  }
  const ord = ordCounter++
  insertCells(
    rig.db,
    [
      {
        id: cellId,
        batchId: a.batchId,
        ord,
        promptIndex: a.promptIndex ?? ord,
        styleId: params.style_id,
        seedIndex: 0,
        params,
      },
    ],
    a.createdAt,
  )
  updateCell(rig.db, cellId, { state: 'fetching', requestId: `req-${ord}`, attempts: 1 })
  const cell = getCell(rig.db, cellId)!
  const checked = await checkImage(await imageBytes(a.format ?? 'png', ord * 37))
  const meta = cellImageMetadata(rig.db, cell, { imageId, seed: params.seed ?? null, at: a.createdAt })
  const written = await writeImageFiles(rig.home, a.batchId, cellId, checked, 1, meta)
  rig.db.transaction(() => {
    updateCell(rig.db, cellId, { state: 'saved' })
    insertImage(rig.db, {
      id: imageId,
      cellId,
      batchId: a.batchId,
      path: written.path,
      thumbPath: written.thumbPath,
      sha256: written.sha256 ?? checked.sha256,
      bytes: written.bytes ?? checked.bytes.length,
      width: checked.width,
      height: checked.height,
      mime: checked.mime,
      seed: params.seed ?? null,
      params,
      metrics: { cost: 0.2175, inference_time: 31 },
      requestId: `req-${ord}`,
      createdAt: a.createdAt,
    })
  })()
  return imageId
}
