import type Database from 'better-sqlite3'
import { initial } from './001_initial'
import { jobTimings } from './002_job_timings'
import { batchCounts } from './003_batch_counts'
import { batchCreation } from './004_batch_creation'
import { library } from './005_library'
import { batchManagement } from './006_batch_management'
import { judgements } from './007_judgements'
import { libraryHours } from './008_library_hours'
import { batchPages } from './009_batch_pages'
import { batchMatrices } from './010_batch_matrices'
import { cellRevisions } from './011_cell_revisions'

export interface Migration {
  version: number
  name: string
  up(db: Database.Database): void
}

/** Append-only: a shipped migration is never edited, a change is a new number. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  jobTimings,
  batchCounts,
  batchCreation,
  library,
  batchManagement,
  judgements,
  libraryHours,
  batchPages,
  batchMatrices,
  cellRevisions,
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
