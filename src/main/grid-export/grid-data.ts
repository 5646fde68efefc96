import { styleName } from '@shared/catalog'
import { quote } from '../importers/csv-export'
import type { GridCellFacts } from './grid-cells'
import type { ParsedLayout } from './grid-image-plan'

/**
 * The grid's data as CSV or JSON (pure): one entry per cell of the layout, in its order, with the parameters the
 * cell was made with and whether it is its row's winner; the JSON adds the layout and the judgements among the
 * grid's cells. Built only from the library's rows and the layout: nothing from the app's settings or connection
 * (the API key lives there) can reach it.
 */
export interface DataCell {
  row: number
  column: number
  rowLabel: string
  columnLabel: string
  columnSublabel: string | null
  cellId: string | null
  label: string | null
  winner: boolean
  state: string | null
  /** The image file, relative to the library folder. */
  imageFile: string | null
  prompt: string | null
  styleId: string | null
  style: string | null
  /** The seed the image was made with (Segmind's answer), else the one asked for. */
  seed: number | null
  size: string | null
  quality: string | null
  strength: number | null
}

/** One judgement among the grid's cells: winner beat loser (or a tie) in a row. */
export interface GridJudgement {
  winnerCellId: string
  loserCellId: string
  tie: boolean
  method: string
  createdAt: number | null
  /** The user action it came from and its row, for judgements read from the library. */
  groupId?: string
  rowKey?: string
}

export function dataCells(layout: ParsedLayout, facts: ReadonlyMap<string, GridCellFacts>): DataCell[] {
  const out: DataCell[] = []
  layout.rows.forEach((row, r) => {
    layout.columns.forEach((col, c) => {
      const cell = row.cells[c] ?? { cellId: null }
      const f = cell.cellId === null ? undefined : facts.get(cell.cellId)
      const p = f?.params
      out.push({
        row: r + 1,
        column: c + 1,
        rowLabel: row.label,
        columnLabel: col.label,
        columnSublabel: col.sublabel ?? null,
        cellId: cell.cellId,
        label: cell.label ?? null,
        winner: cell.winner === true && cell.cellId !== null,
        state: f?.state ?? null,
        imageFile: f?.image?.path ?? null,
        prompt: p?.prompt ?? null,
        styleId: p?.style_id ?? null,
        style: p ? styleName(p.style_id) : null,
        seed: f?.image?.seed ?? p?.seed ?? null,
        size: p?.width_and_height ?? null,
        quality: p?.quality ?? null,
        strength: p?.style_strength ?? null,
      })
    })
  })
  return out
}

const CSV_COLUMNS: readonly [string, (c: DataCell) => string][] = [
  ['row', (c) => c.rowLabel],
  ['column', (c) => (c.columnSublabel ? `${c.columnLabel} (${c.columnSublabel})` : c.columnLabel)],
  ['cell_id', (c) => c.cellId ?? ''],
  ['image_file', (c) => c.imageFile ?? ''],
  ['prompt', (c) => c.prompt ?? ''],
  ['style', (c) => c.style ?? ''],
  ['seed', (c) => (c.seed === null ? '' : String(c.seed))],
  ['size', (c) => c.size ?? ''],
  ['quality', (c) => c.quality ?? ''],
  ['strength', (c) => (c.strength === null ? '' : String(c.strength))],
  ['winner', (c) => (c.winner ? 'yes' : 'no')],
]

/** RFC 4180 CSV with a BOM and CRLF (Excel reads the encoding right), like the app's other CSV exports. */
export function gridCsv(cells: readonly DataCell[]): string {
  const lines = [CSV_COLUMNS.map(([h]) => h).join(',')]
  for (const c of cells) lines.push(CSV_COLUMNS.map(([, v]) => quote(v(c))).join(','))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

/** The row winners the layout shows, as judgements (the winner over every other image of its row). */
export function judgementsFromLayout(layout: ParsedLayout): GridJudgement[] {
  const out: GridJudgement[] = []
  for (const row of layout.rows) {
    const winner = row.cells.find((c) => c.winner === true && c.cellId !== null)?.cellId
    if (!winner) continue
    for (const c of row.cells) {
      if (c.cellId === null || c.cellId === winner) continue
      out.push({ winnerCellId: winner, loserCellId: c.cellId, tie: false, method: 'pick', createdAt: null })
    }
  }
  return out
}

export function gridJson(
  layout: ParsedLayout,
  cells: readonly DataCell[],
  judgements: { source: 'library' | 'layout'; list: readonly GridJudgement[] },
  exportedAt: number,
): string {
  return JSON.stringify(
    {
      app: 'soul-batch',
      kind: 'grid',
      exportedAt: new Date(exportedAt).toISOString(),
      layout: {
        title: layout.title ?? null,
        theme: layout.theme,
        cellWidth: layout.cellWidth,
        columns: layout.columns.map((c) => ({ label: c.label, sublabel: c.sublabel ?? null })),
        rows: layout.rows.map((r) => ({ label: r.label })),
      },
      cells,
      // 'library': every judgement stored among these cells (picks, rankings, duels); 'layout': the winners shown.
      judgements: { source: judgements.source, list: judgements.list },
    },
    null,
    2,
  )
}
