import type Database from 'better-sqlite3'
import { initial } from './001_initial'
import { batchManagement } from './004_batch_management'

export interface Migration {
  version: number
  name: string
  up(db: Database.Database): void
}

/** Append-only: a shipped migration is never edited, a change is a new number. */
export const MIGRATIONS: readonly Migration[] = [initial, batchManagement]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
