import { randomUUID } from 'node:crypto'
import { MatrixSchema } from '@shared/domain'
import { insertBatch } from '../../src/main/db/batches'
import { insertCells } from '../../src/main/db/cells'
import type { Db } from '../../src/main/db/connection'

export const STYLE = 'b3c8075a-cb4c-42de-b8b3-7099dd2df672'
export const params = {
  prompt: 'x',
  enhance_prompt: false,
  style_id: STYLE,
  width_and_height: '1536x2048' as const,
  seed: 5,
}
export const matrix = MatrixSchema.parse({
  prompts: [{ prompt: 'x' }],
  styleIds: [STYLE],
  width_and_height: '1536x2048',
})

/** An active batch 'b' of n pending cells written straight through the repositories; returns the cells' ids. */
export function insertBatchWithCells(db: Db, n: number): string[] {
  insertBatch(db, {
    id: 'b',
    name: 'b',
    createdAt: 1,
    status: 'active',
    priority: 0,
    matrix,
    fingerprint: 'f',
    total: n,
  })
  const ids = Array.from({ length: n }, () => randomUUID())
  insertCells(
    db,
    ids.map((id, i) => ({ id, batchId: 'b', ord: i, promptIndex: i, styleId: STYLE, seedIndex: 0, params })),
    1,
  )
  return ids
}
