import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { openDatabase, type Db } from '../../src/main/db/connection'

/** A real library database, opened as the app opens it (WAL, pragmas, every migration run), in its own folder. */
export interface TempLibraryDb {
  home: string
  db: Db
  /** Closes the database (unless the test already did) and deletes the folder. */
  close(): void
}

/** A library database in a new temp folder named `prefix…`; the caller closes it (for a beforeAll). */
export function openTempLibraryDb(prefix: string): TempLibraryDb {
  const home = mkdtempSync(join(tmpdir(), prefix))
  const db = openDatabase(home)
  return {
    home,
    db,
    close() {
      if (db.open) db.close()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

/**
 * The same, closed and deleted when the current test finishes: call it in a beforeEach or in a test, and no
 * afterEach has to remember the folder.
 */
export function tempLibraryDbForTest(prefix: string): TempLibraryDb {
  const library = openTempLibraryDb(prefix)
  onTestFinished(() => library.close())
  return library
}
