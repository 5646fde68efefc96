import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '@shared/errors'
import type { PromptRow } from '@shared/domain/batch'
import type { Db } from '../db/connection'
import { rowsToCsv } from '../importers/csv-export'
import { embedMetadata } from './embed'
import { absPath } from './files'
import { storedImageMetadata } from './image-metadata'
import { parametersText, type SoulBatchMetadata } from './metadata'
import { ZipWriter, ZIP_MAX_BYTES } from './zip-writer'

export const EXPORTS_DIR = 'exports'

export interface ExportResult {
  fileName: string
  downloadUrl: string
  path: string
  images: number
  bytes: number
}

/** A manifest row the CSV importer reads back as one cell: its own prompt, style, seed and settings. */
export function manifestRow(m: SoulBatchMetadata): PromptRow {
  const p = m.request
  const row: PromptRow = {
    prompt: p.prompt,
    styleIds: [p.style_id],
    width_and_height: p.width_and_height,
    enhance_prompt: p.enhance_prompt,
  }
  const seed = m.result.seed ?? p.seed
  if (seed !== undefined && seed !== null) row.seed = seed
  if (p.quality !== undefined) row.quality = p.quality
  if (p.style_strength !== undefined) row.style_strength = p.style_strength
  if (p.image_url !== undefined) row.image_url = p.image_url
  if (m.marks?.tags.length) row.tags = m.marks.tags.filter((t) => !t.includes('|'))
  return row
}

const stamp = (at: number): string => new Date(at).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')

/**
 * Writes the selection as a zip into exports/: each image with its metadata embedded afresh (current marks; files
 * saved before metadata was embedded on download get it here), a sidecar JSON with the same block, manifest.csv in the
 * CSV importer's columns (re-imports as a batch) and manifest.json with every image's full metadata.
 */
export async function exportSelection(db: Db, home: string, ids: readonly string[], at: number): Promise<ExportResult> {
  const dir = join(home, EXPORTS_DIR)
  await mkdir(dir, { recursive: true })
  const fileName = `soul-batch-export-${stamp(at)}-${ids.length}.zip`
  const target = join(dir, fileName)
  const zip = await ZipWriter.create(target, new Date(at))
  const manifest: { file: string; sidecar: string; metadata: SoulBatchMetadata }[] = []
  const rows: PromptRow[] = []
  try {
    for (const id of ids) {
      // Read one row at a time, between awaits: no transaction is held across the file reads.
      const stored = storedImageMetadata(db, id)
      if (!stored) continue
      let bytes: Buffer
      try {
        bytes = await readFile(absPath(home, stored.path))
      } catch {
        throw new AppError({
          kind: 'io',
          message: `The file of one selected image is missing (${stored.path}); leave it out of the selection.`,
        })
      }
      if (zip.bytesWritten + bytes.length > ZIP_MAX_BYTES - 64 * 1024 * 1024) {
        throw new AppError({
          kind: 'validation',
          message: 'The selection is larger than 4 GB, too large for one zip; export it in smaller parts.',
        })
      }
      // Re-embedded with today's marks (stars, rating, tags change after download); lossless and sub-millisecond.
      bytes = embedMetadata(bytes, { parameters: parametersText(stored.meta), soulBatch: JSON.stringify(stored.meta) })
      const ext = stored.path.slice(stored.path.lastIndexOf('.') + 1)
      const file = `images/${String(manifest.length + 1).padStart(5, '0')}-${id}.${ext}`
      await zip.add(file, bytes)
      await zip.add(`${file}.json`, Buffer.from(JSON.stringify(stored.meta, null, 2)))
      manifest.push({ file, sidecar: `${file}.json`, metadata: stored.meta })
      rows.push(manifestRow(stored.meta))
    }
    if (manifest.length === 0) {
      throw new AppError({ kind: 'not_found', message: 'None of the selected images is in the library any more.' })
    }
    await zip.add('manifest.csv', Buffer.from(rowsToCsv(rows), 'utf8'))
    await zip.add(
      'manifest.json',
      Buffer.from(JSON.stringify({ app: 'soul-batch', exportedAt: at, images: manifest }, null, 2)),
    )
    const bytes = await zip.close()
    return {
      fileName,
      downloadUrl: `/exports/${encodeURIComponent(fileName)}`,
      path: target,
      images: manifest.length,
      bytes,
    }
  } catch (e) {
    await zip.abort()
    if (e instanceof AppError) throw e
    throw new AppError({
      kind: 'io',
      message: 'The export could not be written to the library folder.',
      detail: String(e),
    })
  }
}
