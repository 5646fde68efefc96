import { join } from 'node:path'
import { EXPORTS_DIR } from '../library/export-zip'

/** What an export call answers about the file it wrote (the contract's Written shape). */
export interface WrittenExport {
  fileName: string
  downloadUrl: string
  path: string
  bytes: number
}

export function exportsDir(home: string): string {
  return join(home, EXPORTS_DIR)
}

const stamp = (at: number): string => new Date(at).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')

/** A file-name-safe slug of the grid's title (ASCII letters, digits and dashes), or '' when nothing is left. */
export function slugOf(text: string | undefined, max = 40): string {
  if (!text) return ''
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '')
}

/**
 * A readable export name: `soul-batch-grid-<title>-<rows>x<columns>-<UTC time>.<ext>` (the time has milliseconds,
 * so two exports in one second do not overwrite each other). Only characters every file system and the export
 * route accept.
 */
export function exportFileName(
  layout: { title?: string | undefined; rows: readonly unknown[]; columns: readonly unknown[] },
  kind: 'grid' | 'sheet' | 'data',
  ext: 'png' | 'jpg' | 'html' | 'csv' | 'json',
  at: number,
): string {
  const slug = slugOf(layout.title)
  const ms = String(new Date(at).getUTCMilliseconds()).padStart(3, '0')
  const parts = ['soul-batch', kind, slug, `${layout.rows.length}x${layout.columns.length}`, `${stamp(at)}${ms}`]
  return `${parts.filter((p) => p !== '').join('-')}.${ext}`
}
