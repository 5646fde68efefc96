import type { GridImagePlan, TextBlock, TilePlan } from './grid-image-plan'
import { textWidth } from './text-wrap'

/**
 * The text and marks of the grid image as SVG overlays (pure): one for the header band and one per row, so no
 * single SVG is rasterised at the whole image's size (a 40-megapixel RGBA layer would cost 160 MB). sharp renders
 * them with librsvg; every text is escaped, so a prompt like `<b>&` is drawn as written.
 */
export const WINNER_TAG = '★ winner'
export const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, sans-serif'

export interface Overlay {
  left: number
  top: number
  svg: string
}

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Characters XML 1.0 cannot hold at all (control characters) would make librsvg refuse the whole layer.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  )
}

function text(block: TextBlock, dy: number): string {
  const weight = block.bold ? ' font-weight="bold"' : ''
  return block.lines
    .map(
      (line, i) =>
        `<text x="${block.x}" y="${block.y - dy + i * block.lineHeight}" font-family="${FONT_FAMILY}" font-size="${block.fontSize}"${weight} fill="${block.colour}" text-anchor="${block.anchor}" xml:space="preserve">${escapeXml(line)}</text>`,
    )
    .join('')
}

function svg(width: number, height: number, body: string, defs = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${defs}${body}</svg>`
}

/** An empty slot: a thin outline filled with light diagonal hatching. */
function placeholder(t: TilePlan, dy: number, plan: GridImagePlan): string {
  return `<rect x="${t.x + 0.5}" y="${t.y - dy + 0.5}" width="${t.width - 1}" height="${t.height - 1}" fill="url(#hatch)" stroke="${plan.palette.placeholder}" stroke-width="1"/>`
}

/** The winner: a border inside the tile's box in the winner colour, and a "★ winner" tag at its top-left. */
function winnerMark(t: TilePlan, dy: number, plan: GridImagePlan): string {
  const b = plan.border
  const tagSize = Math.max(11, Math.round(plan.fontSize * 0.8))
  const tagH = Math.round(tagSize * 1.7)
  const tagW = Math.round(textWidth(WINNER_TAG, tagSize, true) + tagSize * 1.2)
  const top = t.y - dy
  return (
    `<rect x="${t.x + b / 2}" y="${top + b / 2}" width="${t.width - b}" height="${t.height - b}" fill="none" stroke="${plan.palette.winner}" stroke-width="${b}"/>` +
    `<rect x="${t.x + b}" y="${top + b}" width="${tagW}" height="${tagH}" rx="${Math.round(tagH / 4)}" fill="${plan.palette.winner}"/>` +
    `<text x="${t.x + b + Math.round(tagW / 2)}" y="${top + b + Math.round(tagH * 0.7)}" font-family="${FONT_FAMILY}" font-size="${tagSize}" font-weight="bold" fill="${plan.palette.winnerText}" text-anchor="middle">${WINNER_TAG}</text>`
  )
}

function hatchDefs(plan: GridImagePlan): string {
  const s = Math.max(8, Math.round(plan.fontSize * 0.6))
  return `<defs><pattern id="hatch" width="${s}" height="${s}" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="${s}" stroke="${plan.palette.hatch}" stroke-width="${Math.max(1, Math.round(s / 6))}"/></pattern></defs>`
}

/** An SVG of one region of the image, drawn in the image's own coordinates (the group moves them into place). */
function region(x: number, y: number, width: number, height: number, body: string, defs = ''): Overlay {
  return { left: x, top: y, svg: svg(width, height, `<g transform="translate(${-x},${-y})">${body}</g>`, defs) }
}

/**
 * Every overlay of the plan, in drawing order (composited over the tiles): the header band, each row's legend, and
 * one per tile that carries a mark (placeholder, winner, label). Only those regions are rasterised: a whole-row
 * layer would make librsvg paint megapixels of transparency for a few words.
 */
export function gridOverlays(plan: GridImagePlan): Overlay[] {
  const header = plan.header
  const overlays: Overlay[] = [
    region(
      0,
      0,
      plan.width,
      header.height,
      (header.title ? text(header.title, 0) : '') + header.columns.map((c) => text(c, 0)).join(''),
    ),
  ]
  const labelWidth = Math.min(plan.width, ...plan.tiles.map((t) => t.x))
  for (const row of plan.rows) overlays.push(region(0, row.y, labelWidth, row.height, text(row.label, 0)))
  for (const t of plan.tiles) {
    if (t.image !== null && !t.winner && !t.label) continue
    const row = plan.rows[t.row]!
    let body = ''
    if (t.image === null) body += placeholder(t, 0, plan)
    if (t.winner) body += winnerMark(t, 0, plan)
    if (t.label) body += text(t.label, 0)
    overlays.push(region(t.x, row.y, t.width, row.height, body, t.image === null ? hatchDefs(plan) : ''))
  }
  return overlays
}
