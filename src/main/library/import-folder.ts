import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { SoulParamsSchema } from '@shared/domain'
import { AppError } from '@shared/errors'
import type { Logger } from '../core-types'
import type { Db } from '../db/connection'
import { sql } from '../db/connection'
import { markImages } from '../db/library'
import { readEmbedded } from './embed'
import { isSidecarName } from './files'
import { checkImage, sniffImage } from './image-check'
import { adoptImported, type ImportedImage } from './import-rows'
import { parseSoulBatchJson } from './metadata'

/**
 * Ids become file and folder names (images/<batch>/<cell>.png): only plain id characters, so a crafted file
 * cannot name a path outside the library.
 */
const SafeId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/)

/** Only what adopting needs is checked; the rest of the block is kept as it came. */
export const ImportedMetaSchema = z.object({
  app: z.literal('soul-batch'),
  imageId: SafeId.optional(),
  batch: z.object({ id: SafeId, name: z.string().max(400) }),
  cell: z.object({
    id: SafeId,
    promptIndex: z.number().int().nullable(),
    seedIndex: z.number().int().nullable(),
  }),
  request: SoulParamsSchema,
  result: z.object({
    seed: z.number().int().nullable(),
    requestId: z.string().nullable(),
    metrics: z.record(z.string(), z.number()).nullable(),
  }),
  createdAt: z.number().int().min(0),
  marks: z
    .object({ starred: z.boolean(), rating: z.number().int().min(1).max(5).nullable(), tags: z.array(z.string()) })
    .optional(),
})

const MAX_FILE_BYTES = 200 * 1024 * 1024

export interface ImportOutcome {
  adopted: number
  alreadyThere: number
  refused: { file: string; reason: string }[]
  batchIds: string[]
}

/**
 * "Add images from a folder": every image file that carries the soul-batch block (embedded, or in the sidecar
 * beside it) is copied into the library under its batch (created when the library does not have it); every other
 * file is refused with the reason. Files are read one at a time; each adoption is its own short transaction.
 */
export async function importFolder(
  db: Db,
  home: string,
  folder: string,
  now: () => number,
  log: Logger,
): Promise<ImportOutcome> {
  let names: string[]
  try {
    if (!(await stat(folder)).isDirectory()) throw new Error('not a folder')
    names = (await readdir(folder)).sort()
  } catch {
    throw new AppError({ kind: 'validation', message: `There is no folder to read at ${folder}.` })
  }
  const out: ImportOutcome = { adopted: 0, alreadyThere: 0, refused: [], batchIds: [] }
  const batches = new Set<string>()
  for (const name of names) {
    if (name.startsWith('.') || isSidecarName(name)) continue
    const file = join(folder, name)
    const refuse = (reason: string): void => {
      out.refused.push({ file: name, reason })
    }
    try {
      const st = await stat(file)
      if (!st.isFile()) continue
      if (st.size > MAX_FILE_BYTES) {
        refuse('It is larger than 200 MB, too large to be a Soul image.')
        continue
      }
      const bytes = await readFile(file)
      if (!sniffImage(bytes)) {
        refuse('It is not a PNG, JPEG or WebP image.')
        continue
      }
      const embedded = readEmbedded(bytes)
      let raw = parseSoulBatchJson(embedded.soulBatch)
      if (!raw) raw = parseSoulBatchJson(await readFile(`${file}.json`, 'utf8').catch(() => undefined))
      if (!raw) {
        refuse('It carries no Soul Batch metadata (neither inside the file nor in a .json file beside it).')
        continue
      }
      const meta = ImportedMetaSchema.safeParse(raw)
      if (!meta.success) {
        refuse('Its Soul Batch metadata is incomplete or damaged, so its request cannot be rebuilt.')
        continue
      }
      const checked = await checkImage(bytes).catch(() => null)
      if (!checked) {
        refuse('The image is damaged and cannot be decoded.')
        continue
      }
      const dup = sql(db, 'SELECT id FROM images WHERE sha256 = ?').get(checked.sha256) as { id: string } | undefined
      if (dup) {
        out.alreadyThere++
        continue
      }
      const img: ImportedImage = { checked, meta: meta.data }
      const adopted = await adoptImported(db, home, img, now())
      if (meta.data.marks) {
        markImages(db, [adopted.imageId], {
          starred: meta.data.marks.starred,
          rating: meta.data.marks.rating,
          addTags: meta.data.marks.tags.filter((t) => t.trim() !== '').slice(0, 20),
        })
      }
      batches.add(adopted.batchId)
      out.adopted++
    } catch (e) {
      log.warn('import could not read a file', { file: name, error: String(e) })
      refuse('It could not be read.')
    }
  }
  out.batchIds = [...batches]
  return out
}
