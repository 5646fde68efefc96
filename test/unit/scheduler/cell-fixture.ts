import type { CellState } from '@shared/domain'
import type { CellRow } from '../../../src/main/db/cells'

export function cellIn(state: CellState, over: Partial<CellRow> = {}): CellRow {
  const onServer = ['queued', 'processing', 'fetching'].includes(state)
  return {
    id: 'c1',
    batchId: 'b1',
    ord: 0,
    promptIndex: 0,
    styleId: 'b3c8075a-cb4c-42de-b8b3-7099dd2df672',
    seedIndex: 0,
    params: {
      prompt: 'p',
      enhance_prompt: false,
      style_id: 'b3c8075a-cb4c-42de-b8b3-7099dd2df672',
      width_and_height: '1536x2048',
      seed: 7,
    },
    state,
    requestId: onServer ? 'r1' : null,
    statusUrl: onServer ? 'http://x/status' : null,
    responseUrl: onServer ? 'http://x/result' : null,
    outputUrl: null,
    attempts: 1,
    submits: state === 'pending' ? 0 : 1,
    polls: 0,
    failures: 0,
    error: null,
    submittedAt: onServer ? 1000 : null,
    detectedAt: null,
    completedAt: null,
    cost: null,
    metrics: null,
    nextCheckAt: null,
    updatedAt: 1000,
    ...over,
  }
}
