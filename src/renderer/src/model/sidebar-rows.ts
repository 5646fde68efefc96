import { batchGroup, type BatchGroup } from './batch-order'

/**
 * The sidebar's batch list as one flat run of rows (a group's heading, then its batches), which the virtualizer
 * draws only on screen: a library of hundreds of batches keeps a few dozen DOM nodes in the sidebar.
 */
export interface SidebarGroup<T> {
  key: BatchGroup
  title: string
  hint: string
  batches: T[]
}

export type SidebarRow<T> =
  | { kind: 'heading'; key: string; group: SidebarGroup<T> }
  | { kind: 'batch'; key: string; group: SidebarGroup<T>; batch: T; position: number }

const GROUPS: Omit<SidebarGroup<never>, 'batches'>[] = [
  { key: 'queued', title: 'Queue', hint: 'Sent in this order: higher priority first, then oldest first' },
  { key: 'finished', title: 'Finished', hint: 'Newest first' },
]

/** Splits a list already in sidebar order (see sortBatches) into its two groups, empty ones left out. */
export function sidebarGroups<T extends { status: Parameters<typeof batchGroup>[0] }>(
  list: readonly T[],
): SidebarGroup<T>[] {
  return GROUPS.map((g) => ({ ...g, batches: list.filter((b) => batchGroup(b.status) === g.key) })).filter(
    (g) => g.batches.length > 0,
  )
}

export function sidebarRows<T extends { id: string }>(groups: readonly SidebarGroup<T>[]): SidebarRow<T>[] {
  const rows: SidebarRow<T>[] = []
  for (const group of groups) {
    rows.push({ kind: 'heading', key: `h:${group.key}`, group })
    group.batches.forEach((batch, position) => rows.push({ kind: 'batch', key: batch.id, group, batch, position }))
  }
  return rows
}
