import { describe, expect, it } from 'vitest'
import type { BatchStatus } from '@shared/domain'
import { sidebarGroups, sidebarRows } from '../../../src/renderer/src/model/sidebar-rows'

const b = (id: string, status: BatchStatus) => ({ id, status })

describe('the sidebar batch list as rows for the virtualizer', () => {
  it('splits the list into Queue and Finished, keeping its order, and leaves empty groups out', () => {
    const groups = sidebarGroups([b('1', 'active'), b('2', 'done'), b('3', 'paused'), b('4', 'cancelled')])
    expect(groups.map((g) => [g.title, g.batches.map((x) => x.id)])).toEqual([
      ['Queue', ['1', '3']],
      ['Finished', ['2', '4']],
    ])
    expect(sidebarGroups([b('1', 'done')]).map((g) => g.key)).toEqual(['finished'])
    expect(sidebarGroups([])).toEqual([])
  })

  it('flattens to a heading then each batch with its place in its group, keys unique', () => {
    const rows = sidebarRows(sidebarGroups([b('1', 'active'), b('2', 'done'), b('3', 'done')]))
    expect(rows.map((r) => (r.kind === 'heading' ? `# ${r.group.title}` : `${r.batch.id}@${r.position}`))).toEqual([
      '# Queue',
      '1@0',
      '# Finished',
      '2@0',
      '3@1',
    ])
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length)
  })
})
