import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { readEmbedded } from './embed'
import { absPath, sidecarRelPath } from './files'
import { checkImage } from './image-check'
import { ImportedMetaSchema } from './import-folder'
import { adoptImported } from './import-rows'
import { parseSoulBatchJson } from './metadata'
import { quarantine, type ReconcileContext } from './reconcile'

/**
 * A file under images/ whose cell this library does not know (the database was replaced, or a folder copied in
 * by hand): adopted when it carries its soul-batch metadata, in the file or its sidecar. False leaves it to the
 * caller's quarantine.
 */
export async function adoptStray(ctx: ReconcileContext, rel: string): Promise<boolean> {
  const file = absPath(ctx.home, rel)
  const bytes = await readFile(file)
  const raw =
    parseSoulBatchJson(readEmbedded(bytes).soulBatch) ??
    parseSoulBatchJson(await readFile(`${file}.json`, 'utf8').catch(() => undefined))
  const meta = raw ? ImportedMetaSchema.safeParse(raw) : null
  if (!meta?.success) return false
  const checked = await checkImage(bytes).catch(() => null)
  if (!checked) return false
  const { imageId } = await adoptImported(ctx.db, ctx.home, { checked, meta: meta.data }, Date.now())
  const row = ctx.db.prepare('SELECT path FROM images WHERE id = ?').get(imageId) as { path: string }
  if (row.path !== rel) {
    // Adopted under another name (its cell's place was taken): the original is a copy, kept in quarantine.
    await quarantine(ctx.home, rel)
    if (existsSync(absPath(ctx.home, sidecarRelPath(rel)))) await quarantine(ctx.home, sidecarRelPath(rel))
  }
  ctx.log.info('adopted an image from its soul-batch metadata', { imageId, file: rel })
  return true
}
