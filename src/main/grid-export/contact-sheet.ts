import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { styleName } from '@shared/catalog'
import type { Db } from '../db/connection'
import { absPath, writeFileAtomic } from '../library/files'
import { makeThumb } from '../library/thumbnails'
import { exportFileName, exportsDir, type WrittenExport } from './export-files'
import { readGridCells, type GridCellFacts } from './grid-cells'
import type { ParsedLayout } from './grid-image-plan'

/**
 * The contact sheet: one self-contained .html file (thumbnails as data: URLs, inline CSS, no script, a CSP that
 * forbids any network request), so it opens offline anywhere and can be mailed as is. Rows and columns carry their
 * labels, the whole prompt is there (the image's legend has to clamp it), winners are marked.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

export interface SheetCell {
  facts: GridCellFacts
  /** data:image/webp;base64,… of the thumbnail, or null when the image could not be read (drawn empty). */
  dataUrl: string | null
}

const COLOURS = {
  light: { bg: '#ffffff', fg: '#1b1b1f', muted: '#5d5d68', line: '#dedee4', hatch: '#ececf0', winner: '#e8a100' },
  dark: { bg: '#141418', fg: '#ececf1', muted: '#a2a2ad', line: '#34343d', hatch: '#22222a', winner: '#ffb81c' },
} as const

function css(theme: ParsedLayout['theme'], cellWidth: number): string {
  const c = COLOURS[theme]
  // A contact sheet shows many images at once: tiles at most 240 px wide (the thumbnails are 384, so they stay sharp).
  const w = Math.min(cellWidth, 240)
  return `
  :root { color-scheme: ${theme}; }
  body { margin: 24px; background: ${c.bg}; color: ${c.fg}; font: 14px/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
  h1 { font-size: 20px; margin: 0 0 16px; }
  table { border-collapse: separate; border-spacing: 8px; }
  th { background: ${c.bg}; }
  thead th { position: sticky; top: 0; z-index: 1; vertical-align: bottom; text-align: center; font-weight: 700; padding: 4px 0; }
  thead th .sub { display: block; font-weight: 400; color: ${c.muted}; font-size: 12px; }
  tbody th { position: sticky; left: 0; vertical-align: top; text-align: left; font-weight: 400; min-width: 200px; max-width: 260px; padding-right: 8px; white-space: pre-wrap; overflow-wrap: break-word; }
  td { vertical-align: top; width: ${w}px; min-width: ${w}px; }
  figure { margin: 0; position: relative; }
  img { display: block; width: ${w}px; height: auto; border-radius: 4px; }
  figcaption { color: ${c.muted}; font-size: 12px; text-align: center; padding-top: 4px; }
  .winner img { outline: 4px solid ${c.winner}; outline-offset: -4px; }
  .tag { position: absolute; left: 6px; top: 6px; background: ${c.winner}; color: #1b1b1f; font-weight: 700; font-size: 12px; padding: 2px 8px; border-radius: 4px; }
  .empty { width: ${w}px; aspect-ratio: 3 / 4; box-sizing: border-box; border: 1px solid ${c.line}; border-radius: 4px; color: ${c.muted}; display: grid; place-items: center;
    background: repeating-linear-gradient(45deg, ${c.hatch} 0 6px, transparent 6px 14px); }
  footer { color: ${c.muted}; font-size: 12px; margin-top: 16px; }`
}

/** The sheet's HTML (pure): every layout cell becomes a table cell, in the layout's order. */
export function contactSheetHtml(layout: ParsedLayout, cells: ReadonlyMap<string, SheetCell>, madeAt: number): string {
  const title = layout.title?.trim() || 'Soul Batch grid'
  const head = layout.columns
    .map(
      (c) =>
        `<th scope="col">${escapeHtml(c.label)}${c.sublabel ? `<span class="sub">${escapeHtml(c.sublabel)}</span>` : ''}</th>`,
    )
    .join('')
  const body = layout.rows
    .map((row) => {
      const tds = layout.columns.map((col, i) => {
        const cell = row.cells[i] ?? { cellId: null }
        const info = cell.cellId === null ? undefined : cells.get(cell.cellId)
        const caption = cell.label ? `<figcaption>${escapeHtml(cell.label)}</figcaption>` : ''
        if (!info?.dataUrl) {
          const why = cell.cellId === null ? 'no image' : 'image not available'
          return `<td data-cell="${escapeHtml(cell.cellId ?? '')}"><div class="empty">${why}</div>${caption}</td>`
        }
        const alt = `${styleName(info.facts.params.style_id)}: ${info.facts.params.prompt}`
        const win = cell.winner === true
        return (
          `<td data-cell="${escapeHtml(info.facts.cellId)}"><figure${win ? ' class="winner"' : ''}>` +
          `<img src="${info.dataUrl}" alt="${escapeHtml(alt)}" title="${escapeHtml(col.label)}">` +
          `${win ? '<span class="tag">★ winner</span>' : ''}${caption}</figure></td>`
        )
      })
      return `<tr><th scope="row">${escapeHtml(row.label)}</th>${tds.join('')}</tr>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css(layout.theme, layout.cellWidth)}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<table><thead><tr><th></th>${head}</tr></thead>
<tbody>
${body}
</tbody></table>
<footer>Made with Soul Batch on ${new Date(madeAt).toISOString().slice(0, 10)}.</footer>
</body></html>
`
}

/** A thumbnail's bytes: the library's own (webp, 384 px wide), else one made now from the file. */
async function thumbBytes(home: string, facts: GridCellFacts): Promise<Buffer | null> {
  const img = facts.image
  if (!img) return null
  if (img.thumbPath) {
    try {
      const bytes = await readFile(absPath(home, img.thumbPath))
      // An empty one (a power cut after its unsynced write: thumbnails are a cache) is remade like a lost one.
      if (bytes.length > 0) return bytes
    } catch {
      // lost thumbnail: made from the original below
    }
  }
  try {
    return await makeThumb(absPath(home, img.path))
  } catch {
    return null
  }
}

export async function exportContactSheet(
  db: Db,
  home: string,
  layout: ParsedLayout,
  at: number,
): Promise<WrittenExport> {
  const facts = await readGridCells(db, layout)
  const cells = new Map<string, SheetCell>()
  for (const f of facts.values()) {
    // One at a time: each read is small, and the sheet is built once.
    const bytes = await thumbBytes(home, f)
    cells.set(f.cellId, { facts: f, dataUrl: bytes ? `data:image/webp;base64,${bytes.toString('base64')}` : null })
  }
  const html = Buffer.from(contactSheetHtml(layout, cells, at), 'utf8')
  const fileName = exportFileName(layout, 'sheet', 'html', at)
  const path = join(exportsDir(home), fileName)
  await writeFileAtomic(path, html)
  return { fileName, downloadUrl: `/exports/${encodeURIComponent(fileName)}`, path, bytes: html.length }
}
