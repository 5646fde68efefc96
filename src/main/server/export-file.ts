import { basename, join } from 'node:path'
import { containedFile } from './contained-file'

export const EXPORTS_FOLDER = 'exports'

/** What each kind of export is, by its extension: zips (library.export) and the grid's image, sheet and data. */
const CONTENT_TYPES: Record<string, string> = {
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
}

const extOf = (name: string): string => name.slice(name.lastIndexOf('.') + 1).toLowerCase()

/** An export's file name as the export calls make it: no separators, no dot-segments, a known extension. */
export function isPlausibleExportName(name: string | null): name is string {
  return (
    name !== null &&
    name.length <= 200 &&
    /^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.[a-z]+$/.test(name) &&
    CONTENT_TYPES[extOf(name)] !== undefined
  )
}

/** The real path of an export zip inside the library's exports/ folder, or null (unknown, or outside it). */
export async function exportFile(home: string, name: string | null): Promise<string | null> {
  if (!isPlausibleExportName(name)) return null
  const dir = join(home, EXPORTS_FOLDER)
  return containedFile(dir, join(dir, name))
}

/**
 * A download, never shown inline (an exported .html opened in the app's origin could otherwise run as a page of
 * it; the sheet has no script, but the rule costs nothing); the name is ours (plain ASCII), so it needs no encoding.
 */
export function exportHeaders(file: string): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[extOf(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'content-disposition': `attachment; filename="${basename(file)}"`,
    'cache-control': 'no-store',
  }
}
