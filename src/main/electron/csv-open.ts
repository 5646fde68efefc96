import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { AppCommandMessage } from '@shared/contracts'

/** The same cap as the csv.parse contract: the window reads the text, so it must fit a call. */
export const MAX_CSV_BYTES = 20_000_000

/**
 * A CSV opened with Soul Batch (file association, a second launch, File › Import CSV…) as the import-csv
 * command the window runs through its usual import preview. Throws a sentence a person can act on.
 */
export async function csvImportMessage(path: string): Promise<AppCommandMessage> {
  const name = basename(path)
  let size: number
  try {
    size = (await stat(path)).size
  } catch {
    throw new Error(`Soul Batch could not open ${name}: the file is missing or not readable.`)
  }
  if (size > MAX_CSV_BYTES) {
    throw new Error(`${name} is ${Math.round(size / 1_000_000)} MB; Soul Batch imports CSV files up to 20 MB.`)
  }
  const text = await readFile(path, 'utf8')
  return { command: 'import-csv', file: { name, text } }
}
