import { describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import {
  applyCellUpdate,
  batchProgress,
  buildGridLayout,
  mergeCells,
  progressSegments,
  slotKey,
  timeLeftText,
} from '../../../src/renderer/src/model/grid-layout'
import { batchStatusLabel } from '../../../src/renderer/src/model/batch-status'
import { STYLE_A, STYLE_B, STYLE_C, cellOf, detailOf } from './cells'

describe('grid layout', () => {
  it('puts prompts on rows, styles on columns and seeds in sub-rows', () => {
    const detail = detailOf(['a', 'b'], [STYLE_B, STYLE_A], 3)
    const layout = buildGridLayout(detail)
    expect(layout.columns).toEqual([STYLE_B, STYLE_A])
    expect(layout.rows.map((r) => r.prompt)).toEqual(['a', 'b'])
    expect(layout.seedCount).toBe(3)
    expect(layout.slots.size).toBe(12)
    const cell = detail.cells.find((c) => c.promptIndex === 1 && c.styleId === STYLE_A && c.seedIndex === 2)!
    expect(layout.slots.get(slotKey(1, STYLE_A, 2))).toBe(cell.id)
  })

  it('adds columns for styles that only CSV row overrides use', () => {
    const detail = detailOf(['a'], [STYLE_A])
    detail.matrix.prompts.push({ prompt: 'b', styleIds: [STYLE_C] })
    detail.cells.push(cellOf({ promptIndex: 1, styleId: STYLE_C }))
    const layout = buildGridLayout(detail)
    expect(layout.columns).toEqual([STYLE_A, STYLE_C])
    expect(layout.slots.get(slotKey(0, STYLE_C, 0))).toBeUndefined()
    expect(layout.slots.get(slotKey(1, STYLE_C, 0))).toBeDefined()
  })

  it('a slow fetch never rolls a cell back behind an event that overtook it', () => {
    const fetched = [cellOf({ promptIndex: 0, styleId: STYLE_A, state: 'processing', updatedAt: 5 })]
    const live = {
      [fetched[0]!.id]: cellOf({ promptIndex: 0, styleId: STYLE_A, withImage: true, updatedAt: 9 }),
    }
    expect(mergeCells(fetched, live)[fetched[0]!.id]!.state).toBe('saved')
    // and the other way round: the fetch is newer than a stale event
    const stale = {
      [fetched[0]!.id]: cellOf({ promptIndex: 0, styleId: STYLE_A, state: 'pending', updatedAt: 1 }),
    }
    expect(mergeCells(fetched, stale)[fetched[0]!.id]!.state).toBe('processing')
  })

  it('applies newer cell events and ignores older ones', () => {
    const cells = {
      x: { ...cellOf({ promptIndex: 0, styleId: STYLE_A, state: 'queued', updatedAt: 5 }), id: 'x' },
    }
    const newer = { ...cells.x, state: 'processing' as const, updatedAt: 6 }
    const older = { ...cells.x, state: 'pending' as const, updatedAt: 4 }
    expect(applyCellUpdate(cells, newer).x!.state).toBe('processing')
    expect(applyCellUpdate(cells, older)).toBe(cells)
  })

  it('counts progress per kind and draws segments that add up', () => {
    const p = batchProgress({
      total: 10,
      counts: { saved: 4, failed: 1, expired: 1, processing: 2, pending: 1, cancelled: 1 },
    })
    expect(p).toEqual({
      total: 10,
      done: 4,
      failed: 1,
      needsDecision: 1,
      retryable: 2,
      inFlight: 2,
      pending: 1,
      cancelled: 1,
      finished: 7,
    })
    expect(progressSegments(p)).toEqual({ done: 40, failed: 10, needsDecision: 10, inFlight: 20 })
    expect(progressSegments(batchProgress({ total: 0, counts: {} }))).toEqual({
      done: 0,
      failed: 0,
      needsDecision: 0,
      inFlight: 0,
    })
  })

  it('labels batches by what they are doing', () => {
    expect(batchStatusLabel({ status: 'active', total: 4, counts: { processing: 1, pending: 3 } }).label).toBe(
      'Running',
    )
    expect(batchStatusLabel({ status: 'active', total: 4, counts: { pending: 4 } }).label).toBe('Waiting')
    expect(batchStatusLabel({ status: 'done', total: 4, counts: { saved: 4 } }).label).toBe('Done')
    expect(batchStatusLabel({ status: 'done', total: 4, counts: { saved: 3, failed: 1 } }).label).toBe('1 failed')
    expect(batchStatusLabel({ status: 'done', total: 4, counts: { saved: 2, failed: 1, unknown: 1 } }).label).toBe(
      'Needs attention',
    )
    expect(batchStatusLabel({ status: 'paused', total: 4, counts: { pending: 4 } }).label).toBe('Paused')
    expect(batchStatusLabel({ status: 'cancelled', total: 4, counts: { cancelled: 4 } }).label).toBe('Cancelled')
  })

  it('says how long is left only while the batch can move', () => {
    const running = batchProgress({ total: 4, counts: { saved: 1, pending: 3 } })
    const finished = batchProgress({ total: 4, counts: { saved: 4 } })
    expect(timeLeftText({ status: 'active', etaSeconds: 150 }, running, false)).toBe('about 3 min left')
    expect(timeLeftText({ status: 'active', etaSeconds: null }, running, false)).toBe('estimating time left…')
    expect(timeLeftText({ status: 'active', etaSeconds: 150 }, running, true)).toBe('waiting for the queue')
    expect(timeLeftText({ status: 'paused', etaSeconds: 150 }, running, false)).toBe('batch paused')
    expect(timeLeftText({ status: 'done', etaSeconds: null }, finished, false)).toBeNull()
    expect(timeLeftText({ status: 'cancelled', etaSeconds: null }, running, false)).toBeNull()
  })

  it('knows every catalog style by id', () => {
    const layout = buildGridLayout(
      detailOf(
        ['a'],
        SOUL_STYLES.map((s) => s.id),
      ),
    )
    expect(layout.columns).toHaveLength(10)
  })
})
