import { join } from 'node:path'
import type { CoreHandlers } from '@shared/contracts'
import { AppError } from '@shared/errors'
import type { Db } from '../db/connection'
import { writeFileAtomic } from '../library/files'
import { exportContactSheet } from './contact-sheet'
import { exportFileName, exportsDir } from './export-files'
import { exportGridImage, gridExportPlan } from './export-image'
import { layoutCellIds, readGridCells } from './grid-cells'
import { dataCells, gridCsv, gridJson, judgementsFromLayout, type GridJudgement } from './grid-data'
import type { ParsedLayout } from './grid-image-plan'
import { judgementsAmong } from './grid-judgements'

export interface GridExportDeps {
  db: Db
  home: string
  now(): number
}

type GridExportHandlers = Pick<
  CoreHandlers,
  'grid.exportPlan' | 'grid.exportImage' | 'grid.exportSheet' | 'grid.exportData'
>

/** Any failure that is not already a sentence for the user becomes one (the cause stays in detail). */
async function sayingWhat<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError({
      kind: 'io',
      message: `The ${what} could not be written to the library's exports folder.`,
      detail: String(e),
    })
  }
}

export function createGridExportHandlers(d: GridExportDeps): GridExportHandlers {
  /**
   * The picks among the grid's cells as the library stores them (picks, rankings, duels); a layout whose cells were
   * never judged in this library (an older library, cells from elsewhere) falls back to the winners it shows.
   */
  const judgementsOf = (layout: ParsedLayout): { source: 'library' | 'layout'; list: GridJudgement[] } => {
    const stored = judgementsAmong(d.db, layoutCellIds(layout))
    if (stored.length > 0) return { source: 'library', list: stored }
    return { source: 'layout', list: judgementsFromLayout(layout) }
  }
  return {
    'grid.exportPlan': ({ layout }) => gridExportPlan(d.db, d.home, layout),
    'grid.exportImage': (input) => sayingWhat('grid image', () => exportGridImage(d.db, d.home, input, d.now())),
    'grid.exportSheet': ({ layout }) =>
      sayingWhat('contact sheet', () => exportContactSheet(d.db, d.home, layout, d.now())),
    'grid.exportData': ({ layout, format }) =>
      sayingWhat('grid data', async () => {
        const at = d.now()
        const cells = dataCells(layout, await readGridCells(d.db, layout))
        const text = format === 'csv' ? gridCsv(cells) : gridJson(layout, cells, judgementsOf(layout), at)
        const fileName = exportFileName(layout, 'data', format, at)
        // Also written to exports/, so the desktop can download it like the other exports (app-image://export/).
        const path = join(exportsDir(d.home), fileName)
        await writeFileAtomic(path, Buffer.from(text, 'utf8'))
        return { fileName, text, downloadUrl: `/exports/${encodeURIComponent(fileName)}`, path }
      }),
  }
}
