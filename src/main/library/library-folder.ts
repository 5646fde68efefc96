import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { AppError, redactSecrets } from '@shared/errors'
import { DB_FILE_NAME, openDatabase, type Db } from '../db/connection'

/**
 * Creates (if needed) and opens the library folder and its database. Whatever the file system says goes back as
 * one AppError of kind 'io' whose sentence names the folder and the problem, never a raw errno or a stack.
 */
export function openLibrary(home: string): Db {
  try {
    mkdirSync(home, { recursive: true })
    return openDatabase(home)
  } catch (e) {
    throw libraryFolderError(home, e)
  }
}

export function libraryFolderError(home: string, e: unknown): AppError {
  const code = errorCode(e)
  // SQLite only says it could not open the file; the folder itself tells why.
  const why = folderProblem(code) ?? folderProblem(probeFolder(home)) ?? fallbackReason(e)
  return new AppError({
    kind: 'io',
    message: `Can't use ${home} as the library folder: ${why}.`,
    ...(code !== undefined ? { detail: code } : {}),
  })
}

/** The plain-words problem behind an fs errno or SQLite result code, or null when the code says nothing useful. */
export function folderProblem(code: string | undefined): string | null {
  switch (code) {
    case 'ENOTDIR':
      return 'it is inside a file, not a folder'
    case 'EEXIST':
    case 'NOT_A_FOLDER':
      return 'it is a file, not a folder'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EROFS':
      return 'the disk is read-only'
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return 'the disk is full'
    case 'ENAMETOOLONG':
      return 'the path is too long'
    case 'SQLITE_READONLY':
      return `its database (${DB_FILE_NAME}) is read-only`
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `its database (${DB_FILE_NAME}) is damaged or is not a Soul Batch database`
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `another program holds its database (${DB_FILE_NAME}) locked`
    default:
      return null
  }
}

/** Why the folder cannot hold a database, as a code `folderProblem` knows, or undefined if it looks usable. */
function probeFolder(home: string): string | undefined {
  try {
    if (!statSync(home).isDirectory()) return 'NOT_A_FOLDER'
    accessSync(home, constants.R_OK | constants.W_OK | constants.X_OK)
    accessSync(join(home, DB_FILE_NAME), constants.F_OK)
    accessSync(join(home, DB_FILE_NAME), constants.R_OK | constants.W_OK)
    return undefined
  } catch (e) {
    const code = errorCode(e)
    return code === 'ENOENT' ? undefined : code
  }
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function fallbackReason(e: unknown): string {
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''
  return redactSecrets(first.trim().replace(/\.$/, '')) || 'it could not be opened'
}
