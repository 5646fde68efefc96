import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { GridExportPlan } from '@shared/contracts/grid-export'
import { AppError } from '@shared/errors'
import type { Db } from '../db/connection'
import { absPath } from '../library/files'
import { readGridCells, type GridCellFacts } from './grid-cells'
import { drawGrid } from './grid-draw'
import type { DrawTile } from './grid-draw-worker'
import {
  estimateBytes,
  largeWarningOf,
  planGridImage,
  refusalOf,
  type GridImagePlan,
  type ImageSize,
  type ParsedLayout,
  type Replan,
} from './grid-image-plan'
import { gridOverlays } from './grid-svg'
import { exportFileName, exportsDir, type WrittenExport } from './export-files'

/** The plan of a layout against the library: images that exist and their stored sizes. */
async function planWithLibrary(
  db: Db,
  home: string,
  layout: ParsedLayout,
): Promise<{ plan: GridImagePlan; cells: Map<string, GridCellFacts>; replan: Replan }> {
  const cells = await readGridCells(db, layout)
  // A row says there is an image; the file has the last word (deleted by hand since the last scan: an empty slot).
  await Promise.all(
    [...cells.values()].map(async (c) => {
      if (!c.image) return
      try {
        await stat(absPath(home, c.image.path))
      } catch {
        c.image = null
      }
    }),
  )
  const sizeOf = (id: string): ImageSize | undefined => {
    const img = cells.get(id)?.image
    return img && img.width > 0 && img.height > 0 ? { width: img.width, height: img.height } : undefined
  }
  const replan: Replan = (cellWidth) => planGridImage({ ...layout, cellWidth }, sizeOf)
  return { plan: planGridImage(layout, sizeOf), cells, replan }
}

export async function gridExportPlan(db: Db, home: string, layout: ParsedLayout): Promise<GridExportPlan> {
  const { plan, replan } = await planWithLibrary(db, home, layout)
  const refusal = refusalOf(plan, layout.cellWidth, replan)
  if (refusal) throw new AppError({ kind: 'validation', message: refusal })
  return {
    width: plan.width,
    height: plan.height,
    estimatedBytes: estimateBytes(plan),
    warning: largeWarningOf(plan, layout.cellWidth, replan),
  }
}

export async function exportGridImage(
  db: Db,
  home: string,
  input: { layout: ParsedLayout; format: 'png' | 'jpeg'; confirmLarge: boolean },
  at: number,
): Promise<WrittenExport & { width: number; height: number }> {
  const { layout } = input
  const { plan, cells, replan } = await planWithLibrary(db, home, layout)
  const refusal = refusalOf(plan, layout.cellWidth, replan)
  if (refusal) throw new AppError({ kind: 'validation', message: refusal })
  const warning = largeWarningOf(plan, layout.cellWidth, replan)
  if (warning && !input.confirmLarge) {
    throw new AppError({ kind: 'validation', message: `${warning} Confirm to make it anyway.` })
  }
  const tiles: DrawTile[] = []
  for (const t of plan.tiles) {
    const img = t.cellId === null ? null : cells.get(t.cellId)?.image
    if (!t.image || !img) continue
    tiles.push({
      file: absPath(home, img.path),
      left: t.image.x,
      top: t.image.y,
      width: t.image.width,
      height: t.image.height,
    })
  }
  const dir = exportsDir(home)
  await mkdir(dir, { recursive: true })
  const fileName = exportFileName(layout, 'grid', input.format === 'png' ? 'png' : 'jpg', at)
  const target = join(dir, fileName)
  const answer = await drawGrid({
    width: plan.width,
    height: plan.height,
    background: plan.palette.background,
    tiles,
    overlays: gridOverlays(plan),
    format: input.format,
    target,
  })
  if (!answer.ok) {
    const rel = answer.file ? answer.file.slice(home.length + 1) : null
    throw new AppError({
      kind: 'io',
      message: rel
        ? `One image of the grid could not be read (${rel}); it may be damaged. Leave it out of the grid and export again.`
        : 'The grid image could not be made or written to the library folder.',
      detail: answer.message,
    })
  }
  return {
    fileName,
    downloadUrl: `/exports/${encodeURIComponent(fileName)}`,
    path: target,
    bytes: answer.bytes,
    width: answer.width,
    height: answer.height,
  }
}
