/**
 * Makes a big library for the library benchmark (and for the gallery's Playwright measurements):
 * real small image files with embedded metadata, sidecars and webp thumbnails, real cell and image rows.
 *
 * The documented equivalent of the app's write path: rows go through the same repository functions the runner
 * uses (insertBatch, insertCells, insertImage: same SQL, same FTS triggers), files through the same embedding
 * (embedMetadata + the soul-batch block + sidecar JSON) and the same thumbnail maker (checkImage). Two shortcuts
 * keep 100 000 images to minutes: files are written without the per-file fsync of writeFileAtomic, and the pixels
 * come from a pool of 24 real images (each file still gets its own metadata, so every file differs).
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import sharp from 'sharp'
import { SOUL_STYLES } from '@shared/catalog'
import { MatrixSchema, type SoulParams } from '@shared/domain'
import { insertBatch } from '../../src/main/db/batches'
import { insertCells } from '../../src/main/db/cells'
import { openDatabase, sql } from '../../src/main/db/connection'
import { insertImage } from '../../src/main/db/images'
import { markImages } from '../../src/main/db/library'
import { embedMetadata } from '../../src/main/library/embed'
import { absPath, imageRelPath, sidecarRelPath, thumbRelPath } from '../../src/main/library/files'
import { checkImage, type CheckedImage } from '../../src/main/library/image-check'
import { parametersText, SOUL_BATCH_METADATA_VERSION, type SoulBatchMetadata } from '../../src/main/library/metadata'

const SUBJECTS = [
  'lighthouse',
  'red fox',
  'old harbour',
  'neon street',
  'mountain lake',
  'tea house',
  'subway car',
  'desert road',
  'rain forest',
  'city rooftop',
  'wheat field',
  'violin player',
  'glass greenhouse',
  'snow owl',
]
const MOODS = ['at dusk', 'in fog', 'under snow', 'at noon', 'by candlelight', 'after rain', 'in spring', 'at night']
const EXTRAS = ['portrait', 'wide shot', 'close-up', 'film grain', 'soft light', 'high contrast', 'pastel colours']

/** A deterministic generator, so two runs make the same library. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function imagePool(): Promise<CheckedImage[]> {
  const out: CheckedImage[] = []
  for (let i = 0; i < 24; i++) {
    const img = sharp({
      create: { width: 96, height: 128, channels: 3, background: { r: (i * 53) % 256, g: (i * 97) % 256, b: 140 } },
    })
    const bytes = await (i % 3 === 0 ? img.png() : i % 3 === 1 ? img.jpeg() : img.webp()).toBuffer()
    out.push(await checkImage(bytes))
  }
  return out
}

export interface GenerateResult {
  images: number
  batches: number
  bigBatchId: string | null
  seconds: number
}

/** Writes `count` images into `home` (a new or empty library folder). */
export async function generateLibrary(
  home: string,
  count: number,
  log: (s: string) => void = (s) => void process.stderr.write(s),
): Promise<GenerateResult> {
  const started = performance.now()
  const db = openDatabase(home)
  const pool = await imagePool()
  const random = rng(20261201)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  const day = 86_400_000
  const end = Date.UTC(2026, 11, 1)
  // One 20 000-cell batch (the grid-page measurement), the rest in batches of 1 000.
  const sizes: number[] = []
  let left = count
  if (left >= 20_000) {
    sizes.push(20_000)
    left -= 20_000
  }
  while (left > 0) {
    sizes.push(Math.min(1000, left))
    left -= 1000
  }
  let made = 0
  let bigBatchId: string | null = null
  for (const [b, size] of sizes.entries()) {
    const batchId = randomUUID()
    if (size === 20_000) bigBatchId = batchId
    const batchName = `${pick(SUBJECTS)} study ${b + 1}`
    const createdAt = end - Math.floor((sizes.length - b) * (365 / sizes.length) * day)
    const rows: { cellId: string; imageId: string; params: SoulParams; at: number; pool: CheckedImage }[] = []
    for (let i = 0; i < size; i++) {
      const params: SoulParams = {
        prompt: `${pick(SUBJECTS)} ${pick(MOODS)}, ${pick(EXTRAS)}`,
        enhance_prompt: false,
        style_id: pick(SOUL_STYLES).id,
        width_and_height: '1536x2048',
        quality: '1080p',
        seed: 1 + Math.floor(random() * 999_999),
        style_strength: 1,
      }
      rows.push({
        cellId: randomUUID(),
        imageId: randomUUID(),
        params,
        at: createdAt + Math.floor((i / size) * (365 / sizes.length) * day),
        pool: pick(pool),
      })
    }
    // Files first (as the app does), 64 writes at a time.
    mkdirSync(absPath(home, `images/${batchId}`), { recursive: true })
    mkdirSync(absPath(home, `thumbs/${batchId}`), { recursive: true })
    const files: { path: string; bytes: number; sha: string }[] = new Array(rows.length)
    for (let i = 0; i < rows.length; i += 64) {
      await Promise.all(
        rows.slice(i, i + 64).map(async (r, j) => {
          const meta: SoulBatchMetadata = {
            app: 'soul-batch',
            version: SOUL_BATCH_METADATA_VERSION,
            imageId: r.imageId,
            batch: { id: batchId, name: batchName },
            cell: { id: r.cellId, promptIndex: i + j, seedIndex: 0, attempt: 1 },
            request: r.params,
            result: { seed: r.params.seed ?? null, requestId: `bench-${r.cellId}`, metrics: { cost: 0.2175 } },
            createdAt: r.at,
          }
          const bytes = embedMetadata(r.pool.bytes, {
            parameters: parametersText(meta),
            soulBatch: JSON.stringify(meta),
          })
          const path = imageRelPath(batchId, r.cellId, r.pool.ext)
          await writeFile(absPath(home, path), bytes)
          await writeFile(absPath(home, sidecarRelPath(path)), JSON.stringify(meta, null, 2))
          await writeFile(absPath(home, thumbRelPath(batchId, r.cellId)), r.pool.thumb)
          files[i + j] = { path, bytes: bytes.length, sha: `bench-${r.imageId}` }
        }),
      )
    }
    db.transaction(() => {
      insertBatch(db, {
        id: batchId,
        name: batchName,
        createdAt,
        status: 'done',
        priority: 0,
        matrix: MatrixSchema.parse({
          prompts: [{ prompt: batchName }],
          styleIds: [SOUL_STYLES[0]!.id],
          width_and_height: '1536x2048',
        }),
        fingerprint: `bench-${batchId}`,
        total: size,
      })
      insertCells(
        db,
        rows.map((r, i) => ({
          id: r.cellId,
          batchId,
          ord: i,
          promptIndex: i,
          styleId: r.params.style_id,
          seedIndex: 0,
          params: r.params,
        })),
        createdAt,
      )
      sql(db, "UPDATE cells SET state = 'saved', attempts = 1 WHERE batch_id = ?").run(batchId)
      rows.forEach((r, i) => {
        const f = files[i]!
        insertImage(db, {
          id: r.imageId,
          cellId: r.cellId,
          batchId,
          path: f.path,
          thumbPath: thumbRelPath(batchId, r.cellId),
          sha256: f.sha,
          bytes: f.bytes,
          width: r.pool.width,
          height: r.pool.height,
          mime: r.pool.mime,
          seed: r.params.seed ?? null,
          params: r.params,
          metrics: { cost: 0.2175, inference_time: 30 + random() * 20 },
          requestId: `bench-${r.cellId}`,
          createdAt: r.at,
        })
      })
    })()
    // Marks as people leave them: some starred, some rated, a few tagged, a few in the trash.
    const ids = rows.map((r) => r.imageId)
    markImages(
      db,
      ids.filter(() => random() < 0.05),
      { starred: true },
    )
    for (const rating of [1, 2, 3, 4, 5])
      markImages(
        db,
        ids.filter(() => random() < 0.02),
        { rating },
      )
    markImages(
      db,
      ids.filter(() => random() < 0.02),
      { addTags: [pick(['keeper', 'print', 'client', 'moodboard'])] },
    )
    const trash = sql(db, 'UPDATE images SET trashed_at = ? WHERE id = ?')
    db.transaction(() => ids.filter(() => random() < 0.01).forEach((id) => trash.run(end, id)))()
    made += size
    log(`\rgenerating library: ${made}/${count} images`)
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.exec('ANALYZE')
  db.close()
  log('\n')
  return { images: made, batches: sizes.length, bigBatchId, seconds: (performance.now() - started) / 1000 }
}
