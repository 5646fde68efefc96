/**
 * Counters for the scale benchmark (`npm run bench -- scale`): statements run through `sql()`, commits that
 * waited for an fsync on the host's thread, and fsyncs of the WAL made off it (wal-sync.ts). Plain increments, so keeping them always on costs nothing measurable.
 */
export const dbStats = { statements: 0, syncedCommits: 0, walSyncs: 0 }

export function resetDbStats(): void {
  dbStats.statements = 0
  dbStats.syncedCommits = 0
  dbStats.walSyncs = 0
}
