import { isAbsolute, resolve } from 'node:path'

/**
 * A second launch of Soul Batch (a double-click on a CSV, or `soul-batch prompts.csv` in a terminal) hands its
 * command line to the first one and quits: the first focuses its window and imports the CSV, because two
 * processes on one library would fight over its database.
 */

const CSV = /\.(csv|tsv)$/i

/** The CSV file named on a command line, if any (the last one wins); relative paths are taken from `cwd`. */
export function csvPathFromArgv(argv: readonly string[], cwd: string): string | null {
  // argv[0] is the executable; in development argv[1] is the app folder. Flags (--foo, -psn_…) are never files.
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!
    if (arg.startsWith('-')) continue
    if (CSV.test(arg)) return isAbsolute(arg) ? arg : resolve(cwd, arg)
  }
  return null
}

export interface FocusableWindow {
  isMinimized(): boolean
  restore(): void
  isVisible(): boolean
  show(): void
  focus(): void
}

/** What the first instance does when a second one starts: bring its window forward, then open the CSV. */
export function handOffSecondInstance(
  window: FocusableWindow | null,
  argv: readonly string[],
  cwd: string,
  openCsv: (path: string) => void,
): { csvPath: string | null } {
  if (window) {
    if (window.isMinimized()) window.restore()
    if (!window.isVisible()) window.show()
    window.focus()
  }
  const csvPath = csvPathFromArgv(argv, cwd)
  if (csvPath) openCsv(csvPath)
  return { csvPath }
}
