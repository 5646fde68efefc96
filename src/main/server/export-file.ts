import { basename, join } from 'node:path'
import { containedFile } from './contained-file'

export const EXPORTS_FOLDER = 'exports'

/** An export's file name as the export call makes it: no separators, no dot-segments, a .zip. */
export function isPlausibleExportName(name: string | null): name is string {
  return name !== null && name.length <= 200 && /^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.zip$/.test(name)
}

/** The real path of an export zip inside the library's exports/ folder, or null (unknown, or outside it). */
export async function exportFile(home: string, name: string | null): Promise<string | null> {
  if (!isPlausibleExportName(name)) return null
  const dir = join(home, EXPORTS_FOLDER)
  return containedFile(dir, join(dir, name))
}

/** A download, never shown inline; the name is ours (plain ASCII), so it needs no encoding. */
export function exportHeaders(file: string): Record<string, string> {
  return {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="${basename(file)}"`,
    'cache-control': 'no-store',
  }
}
