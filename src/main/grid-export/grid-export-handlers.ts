import type { CoreHandlers } from '@shared/contracts'
import { AppError } from '@shared/errors'
import type { Db } from '../db/connection'

export interface GridExportDeps {
  db: Db
  home: string
  now(): number
}

type GridExportHandlers = Pick<
  CoreHandlers,
  'grid.exportPlan' | 'grid.exportImage' | 'grid.exportSheet' | 'grid.exportData'
>

// Being built on the grid-export branch (issue 9); until it lands each call says so plainly.
const notYet = (): never => {
  throw new AppError({ kind: 'internal', message: 'Grid export is not available in this build yet.' })
}

export function createGridExportHandlers(_d: GridExportDeps): GridExportHandlers {
  return {
    'grid.exportPlan': notYet,
    'grid.exportImage': notYet,
    'grid.exportSheet': notYet,
    'grid.exportData': notYet,
  }
}
