import { beforeEach, describe, expect, it } from 'vitest'
import { MatrixSchema } from '@shared/domain'
import type { Db } from '../../../src/main/db/connection'
import { tempLibraryDbForTest } from '../../helpers/temp-library-db'
import {
  allCellCounts,
  cellCounts,
  findUnfinishedByFingerprint,
  getBatch,
  insertBatch,
  listBatches,
  runnableBatches,
  setBatchStatus,
} from '../../../src/main/db/batches'
import {
  cellsOfBatch,
  countInFlight,
  getCell,
  inFlightCells,
  insertCells,
  nextPending,
  updateCell,
  type InFlightMemo,
} from '../../../src/main/db/cells'
import { getImage, imageOfCell, insertImage, setImageMissing } from '../../../src/main/db/images'
import { countRequest, requestCounts } from '../../../src/main/db/request-counts'
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  loadSettings,
  saveSettings,
  setMeta,
} from '../../../src/main/db/settings'

const matrix = MatrixSchema.parse({
  prompts: [{ prompt: 'x' }],
  styleIds: ['b3c8075a-cb4c-42de-b8b3-7099dd2df672'],
  width_and_height: '1536x2048',
})
const params = {
  prompt: 'x',
  enhance_prompt: false,
  style_id: 'b3c8075a-cb4c-42de-b8b3-7099dd2df672',
  width_and_height: '1536x2048' as const,
  seed: 5,
}

let db: Db
beforeEach(() => {
  db = tempLibraryDbForTest('soul-batch-repo-').db
})

function batchWithCells(id: string, n: number, createdAt = 1): void {
  insertBatch(db, { id, name: id, createdAt, status: 'active', priority: 0, matrix, fingerprint: `fp-${id}`, total: n })
  insertCells(
    db,
    Array.from({ length: n }, (_, i) => ({
      id: `${id}-c${i}`,
      batchId: id,
      ord: i,
      promptIndex: i,
      styleId: params.style_id,
      seedIndex: 0,
      params,
    })),
    1,
  )
}

describe('batches and cells', () => {
  it('round-trips a batch with its whole matrix and positions batches in order', () => {
    batchWithCells('a', 2, 1)
    batchWithCells('b', 1, 2)
    expect(getBatch(db, 'a')).toMatchObject({ matrix, total: 2, position: 1, spend: 0, status: 'active' })
    expect(getBatch(db, 'b')?.position).toBe(2)
    expect(listBatches(db).map((b) => b.id)).toEqual(['b', 'a'])
  })

  it('updates cells field by field, JSON fields included, and counts them by state', () => {
    batchWithCells('a', 3)
    updateCell(db, 'a-c0', {
      state: 'queued',
      requestId: 'r',
      error: { kind: 'server', message: 'm' },
      metrics: { cost: 1 },
      nextCheckAt: 9,
    })
    const c = getCell(db, 'a-c0')!
    expect(c).toMatchObject({
      state: 'queued',
      requestId: 'r',
      error: { kind: 'server', message: 'm' },
      metrics: { cost: 1 },
      nextCheckAt: 9,
      params,
    })
    updateCell(db, 'a-c0', { error: null })
    expect(getCell(db, 'a-c0')!.error).toBeNull()
    expect(cellCounts(db, 'a')).toEqual({ pending: 2, queued: 1 })
    expect(allCellCounts(db).get('a')).toEqual({ pending: 2, queued: 1 })
    expect(countInFlight(db)).toBe(1)
    expect(nextPending(db, 'a', 5).map((x) => x.id)).toEqual(['a-c1', 'a-c2'])
    expect(cellsOfBatch(db, 'a').map((x) => x.ord)).toEqual([0, 1, 2])
  })

  it('reads an in-flight row again only when it changed (its revision), by any writer', () => {
    batchWithCells('a', 3)
    updateCell(db, 'a-c0', { state: 'queued', nextCheckAt: 1 })
    updateCell(db, 'a-c1', { state: 'processing', nextCheckAt: 2 })
    const memo: InFlightMemo = new Map()
    const first = inFlightCells(db, memo)
    expect(first.map((c) => c.id)).toEqual(['a-c0', 'a-c1'])
    // Unchanged rows are the very objects of the last read: nothing was read or parsed again.
    const again = inFlightCells(db, memo)
    expect(again[0]).toBe(first[0])
    expect(again[1]).toBe(first[1])
    // The repository's own write, and a write from outside it (the trigger of migration 11), both show.
    updateCell(db, 'a-c0', { params: { ...params, seed: 9 } })
    db.prepare("UPDATE cells SET status_url = 'https://x.test/s' WHERE id = 'a-c1'").run()
    const third = inFlightCells(db, memo)
    expect(third.map((c) => c.params.seed)).toEqual([9, params.seed])
    expect(third[1]!.statusUrl).toBe('https://x.test/s')
    expect(third[0]).not.toBe(first[0])
    // A cell that lands in flight joins; one that leaves is dropped from the memo; the order is by next check.
    updateCell(db, 'a-c2', { state: 'fetching', nextCheckAt: 0 })
    updateCell(db, 'a-c1', { state: 'saved' })
    expect(inFlightCells(db, memo).map((c) => c.id)).toEqual(['a-c2', 'a-c0'])
    expect([...memo.keys()].sort()).toEqual(['a-c0', 'a-c2'])
    // Without a memo the answer is the same.
    expect(inFlightCells(db).map((c) => c.id)).toEqual(['a-c2', 'a-c0'])
  })

  it('keeps no row read inside a transaction, which a rollback could undo', () => {
    batchWithCells('a', 1)
    updateCell(db, 'a-c0', { state: 'queued', statusUrl: 'https://x.test/1' })
    const memo: InFlightMemo = new Map()
    inFlightCells(db, memo)
    // A row read inside a transaction that is then rolled back...
    expect(() =>
      db.transaction(() => {
        updateCell(db, 'a-c0', { statusUrl: 'https://x.test/rolled-back' })
        expect(inFlightCells(db, memo)[0]!.statusUrl).toBe('https://x.test/rolled-back')
        throw new Error('roll back')
      })(),
    ).toThrow('roll back')
    // ...is not what a later read gets once another change lands at the same revision.
    updateCell(db, 'a-c0', { statusUrl: 'https://x.test/2' })
    expect(inFlightCells(db, memo)[0]!.statusUrl).toBe('https://x.test/2')
  })

  it('lists runnable batches by priority then age, and finds unfinished ones by fingerprint', () => {
    batchWithCells('a', 1)
    batchWithCells('b', 1)
    db.prepare("UPDATE batches SET priority = 5 WHERE id = 'b'").run()
    expect(runnableBatches(db).map((b) => b.id)).toEqual(['b', 'a'])
    setBatchStatus(db, 'b', 'paused', 3)
    expect(runnableBatches(db).map((b) => b.id)).toEqual(['a'])
    expect(findUnfinishedByFingerprint(db, 'fp-b')).toBe('b')
    setBatchStatus(db, 'b', 'done', 4)
    expect(getBatch(db, 'b')?.finishedAt).toBe(4)
    expect(findUnfinishedByFingerprint(db, 'fp-b')).toBeNull()
  })
})

describe('images', () => {
  it('one image per cell, with a missing flag', () => {
    batchWithCells('a', 1)
    const img = {
      id: 'i1',
      cellId: 'a-c0',
      batchId: 'a',
      path: 'images/a/a-c0.jpg',
      thumbPath: 'thumbs/a/a-c0.webp',
      sha256: 'ab',
      bytes: 3,
      width: 2,
      height: 4,
      mime: 'image/jpeg',
      seed: 5,
      params,
      metrics: { cost: 0.2 },
      requestId: 'r',
      createdAt: 7,
    }
    insertImage(db, img)
    expect(getImage(db, 'i1')).toEqual({ ...img, missing: false })
    expect(() => insertImage(db, { ...img, id: 'i2' })).toThrow(/UNIQUE/)
    setImageMissing(db, 'i1', true)
    expect(imageOfCell(db, 'a-c0')?.missing).toBe(true)
  })
})

describe('settings and request counts', () => {
  it('defaults, persists, and survives a damaged row', () => {
    expect(loadSettings(db)).toEqual(DEFAULT_SETTINGS)
    saveSettings(db, { ...DEFAULT_SETTINGS, concurrency: 3 })
    expect(loadSettings(db).concurrency).toBe(3)
    setMeta(db, 'settings', '{not json')
    expect(loadSettings(db)).toEqual(DEFAULT_SETTINGS)
  })

  it('keeps plan and rpm consistent', () => {
    const pro = applySettingsPatch(DEFAULT_SETTINGS, { plan: 'pro' })
    expect(pro).toMatchObject({ plan: 'pro', rpm: 50 })
    expect(applySettingsPatch(pro, { rpm: 20 })).toMatchObject({ plan: 'custom', rpm: 20 })
    expect(applySettingsPatch(pro, { rpm: 50 })).toMatchObject({ plan: 'pro', rpm: 50 })
    expect(applySettingsPatch(pro, { plan: 'custom', rpm: 70 })).toMatchObject({ plan: 'custom', rpm: 70 })
    expect(applySettingsPatch(pro, { concurrency: 2 })).toMatchObject({ plan: 'pro', rpm: 50, concurrency: 2 })
  })

  it('counts requests per batch and endpoint', () => {
    countRequest(db, 'a', 'submit', false)
    countRequest(db, 'a', 'status', false)
    countRequest(db, 'a', 'status', true)
    countRequest(db, 'b', 'sync', false)
    expect(requestCounts(db, 'a')).toEqual({ submit: 1, status: 2, result: 0, download: 0 })
    expect(requestCounts(db)).toEqual({ submit: 2, status: 2, result: 0, download: 0 })
  })
})
