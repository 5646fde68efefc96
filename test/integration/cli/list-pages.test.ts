import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Matrix } from '@shared/domain'
import { MAX_BATCH_PAGE } from '@shared/contracts/batch-pages'
import { openDatabase } from '../../../src/main/db/connection'
import { insertBatch, setBatchStatus } from '../../../src/main/db/batches'
import { runCli, tempHome } from './cli-harness'

/**
 * `soul-batch list` reads the batch list through the paged call (issue 8), so a library with more batches than
 * one page holds must still list every one, newest first, each once.
 */
const N = MAX_BATCH_PAGE * 2 + 37
let work: { home: string; dispose: () => void }

beforeAll(() => {
  work = tempHome('list-pages')
  const db = openDatabase(work.home)
  const matrix = { prompts: [], styleIds: [] } as unknown as Matrix
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = `batch-${String(i).padStart(5, '0')}`
      // Finished and paused batches mixed, so the pages (in the sidebar's order) differ from creation order.
      const status = i % 3 === 0 ? 'paused' : 'done'
      insertBatch(db, {
        id,
        name: `Batch ${i}`,
        createdAt: 1_700_000_000_000 + i * 1000,
        status,
        priority: 0,
        matrix,
        fingerprint: id,
        total: 1,
      })
      setBatchStatus(db, id, status, 1_700_000_000_000 + i * 1000)
    }
  })()
  db.close()
})
afterAll(() => work.dispose())

describe('soul-batch list over many pages', () => {
  it('lists every batch once, newest first', async () => {
    const list = await runCli(['list', '--json', '--home', work.home], {})
    expect(list.stderr).toBe('')
    expect(list.code).toBe(0)
    const ids = list.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { id: string }).id)
    expect(ids).toHaveLength(N)
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => `batch-${String(N - 1 - i).padStart(5, '0')}`))
    // status without an id still means the newest batch.
    const status = await runCli(['status', '--home', work.home], {})
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout.trim())).toMatchObject({ batchId: `batch-${String(N - 1).padStart(5, '0')}` })
  })
})
