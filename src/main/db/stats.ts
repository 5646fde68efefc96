/**
 * Counters for the scale benchmark (`npm run bench -- scale`): statements run through `sql()` and commits that
 * waited for an fsync. Plain increments, so keeping them always on costs nothing measurable.
 */
export const dbStats = { statements: 0, syncedCommits: 0 }

export function resetDbStats(): void {
  dbStats.statements = 0
  dbStats.syncedCommits = 0
}
