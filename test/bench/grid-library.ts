/**
 * A library holding one 20 x 10 batch of full-size images for the grid benchmark: 20 prompts x 10 styles, each a
 * real 1536 x 2048 JPEG (an SVG scene rendered by sharp, different per prompt and style, ~0.3-0.6 MB like a real
 * photo-like image), written through the app's own save path (checkImage, writeImageFiles: embedded metadata,
 * sidecar, 384-px webp thumbnail) with cell and image rows from the same repository functions as the runner.
 */
import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { SOUL_STYLES } from '@shared/catalog'
import { MatrixSchema, type SoulParams } from '@shared/domain'
import { insertBatch } from '../../src/main/db/batches'
import { getCell, insertCells, updateCell } from '../../src/main/db/cells'
import type { Db } from '../../src/main/db/connection'
import { insertImage } from '../../src/main/db/images'
import { checkImage } from '../../src/main/library/image-check'
import { cellImageMetadata } from '../../src/main/library/image-metadata'
import { writeImageFiles } from '../../src/main/library/save-image'

export const GRID_ROWS = 20
export const GRID_COLUMNS = 10
const WIDTH = 1536
const HEIGHT = 2048

const PROMPTS = Array.from(
  { length: GRID_ROWS },
  (_, i) =>
    `${['a lighthouse', 'a red fox', 'an old harbour', 'a neon street', 'a mountain lake'][i % 5]} ${['at dusk', 'in fog', 'under snow', 'after rain'][i % 4]}, scene ${i + 1}, soft light, film grain, wide shot`,
)

let noiseLayer: Promise<Buffer> | undefined
function makeNoise(): Promise<Buffer> {
  return sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 10 },
    },
  })
    .png()
    .toBuffer()
}

/** A photo-like full-size image: gradients, shapes and fine noise, so it compresses like a real render. */
async function scene(row: number, column: number): Promise<Buffer> {
  const hue = (row * 37 + column * 61) % 360
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0.3" y2="1">
      <stop offset="0" stop-color="hsl(${hue},60%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 90) % 360},50%,25%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    ${Array.from({ length: 12 }, (_, k) => `<circle cx="${(k * 397 + row * 89) % WIDTH}" cy="${(k * 613 + column * 131) % HEIGHT}" r="${80 + ((k * 53) % 220)}" fill="hsl(${(hue + k * 29) % 360},55%,${35 + (k % 4) * 10}%)" fill-opacity="0.6"/>`).join('')}
  </svg>`
  const noise = await (noiseLayer ??= makeNoise())
  return sharp(Buffer.from(svg))
    .composite([{ input: noise, blend: 'overlay' }])
    .jpeg({ quality: 88 })
    .toBuffer()
}

export interface GridLibrary {
  batchId: string
  /** cellIds[row][column] */
  cellIds: string[][]
  prompts: string[]
  styles: { id: string; name: string; description: string }[]
  bytes: number
}

export async function makeGridLibrary(db: Db, home: string): Promise<GridLibrary> {
  const styles = SOUL_STYLES.slice(0, GRID_COLUMNS)
  const batchId = randomUUID()
  const matrix = MatrixSchema.parse({
    prompts: PROMPTS.map((prompt) => ({ prompt })),
    styleIds: styles.map((s) => s.id),
    width_and_height: `${WIDTH}x${HEIGHT}`,
  })
  insertBatch(db, {
    id: batchId,
    name: 'Grid benchmark, 20 prompts x 10 styles',
    createdAt: Date.now(),
    status: 'done',
    priority: 0,
    matrix,
    fingerprint: `grid-bench-${batchId}`,
    total: GRID_ROWS * GRID_COLUMNS,
  })
  const cellIds: string[][] = []
  let bytes = 0
  for (let r = 0; r < GRID_ROWS; r++) {
    const row: string[] = []
    for (let c = 0; c < GRID_COLUMNS; c++) {
      const cellId = randomUUID()
      const imageId = randomUUID()
      const params: SoulParams = {
        prompt: PROMPTS[r]!,
        enhance_prompt: false,
        style_id: styles[c]!.id,
        width_and_height: `${WIDTH}x${HEIGHT}`,
        seed: 1000 + r,
      }
      const at = Date.now()
      insertCells(
        db,
        [
          {
            id: cellId,
            batchId,
            ord: r * GRID_COLUMNS + c,
            promptIndex: r,
            styleId: params.style_id,
            seedIndex: 0,
            params,
          },
        ],
        at,
      )
      updateCell(db, cellId, { state: 'fetching', requestId: `bench-${r}-${c}`, attempts: 1 })
      const checked = await checkImage(await scene(r, c))
      const meta = cellImageMetadata(db, getCell(db, cellId)!, { imageId, seed: params.seed ?? null, at })
      const written = await writeImageFiles(home, batchId, cellId, checked, 1, meta)
      db.transaction(() => {
        updateCell(db, cellId, { state: 'saved' })
        insertImage(db, {
          id: imageId,
          cellId,
          batchId,
          path: written.path,
          thumbPath: written.thumbPath,
          sha256: written.sha256 ?? checked.sha256,
          bytes: written.bytes ?? checked.bytes.length,
          width: checked.width,
          height: checked.height,
          mime: checked.mime,
          seed: params.seed ?? null,
          params,
          metrics: { cost: 0.2175 },
          requestId: `bench-${r}-${c}`,
          createdAt: at,
        })
      })()
      bytes += written.bytes ?? checked.bytes.length
      row.push(cellId)
    }
    cellIds.push(row)
    process.stderr.write(`\rgrid bench: library row ${r + 1}/${GRID_ROWS}`)
  }
  process.stderr.write('\n')
  return {
    batchId,
    cellIds,
    prompts: PROMPTS,
    styles: styles.map((s) => ({ id: s.id, name: s.name, description: s.description })),
    bytes,
  }
}
