import { existsSync, mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/main/db/connection'
import { getBatch } from '../../../src/main/db/batches'
import { getCell, updateCell } from '../../../src/main/db/cells'
import { getImage, imageOfCell, insertImage } from '../../../src/main/db/images'
import { sha256Hex } from '../../../src/main/library/files'
import { createLogger, type LogRecord } from '../../../src/main/log'
import { commitCellEvent } from '../../../src/main/scheduler/commit'
import { recoverOnStart } from '../../../src/main/scheduler/recovery'
import { tempLibraryDbForTest } from '../../helpers/temp-library-db'
import { insertBatchWithCells, params } from '../batch-rows'

let home = ''
let db: Db
let lines: LogRecord[] = []
beforeEach(() => {
  const library = tempLibraryDbForTest('soul-batch-reconcile-')
  home = library.home
  db = library.db
  lines = []
})

const jpeg = (): Promise<Buffer> =>
  sharp({ create: { width: 64, height: 96, channels: 3, background: '#48c' } })
    .jpeg()
    .toBuffer()

const setup = (n: number): string[] => insertBatchWithCells(db, n)

function put(rel: string, bytes: Buffer): void {
  const abs = join(home, rel)
  mkdirSync(join(abs, '..'), { recursive: true })
  writeFileSync(abs, bytes)
}

async function recover(busy?: (cellId: string) => boolean, busySince?: number): Promise<void> {
  const log = createLogger((r) => lines.push(r))
  await recoverOnStart({
    db,
    home,
    log,
    now: () => 1000,
    newId: randomUUID,
    commit: (id, e, x) => commitCellEvent({ db, log, onChange: () => {} }, id, e, x),
    ...(busy ? { busy } : {}),
    ...(busySince !== undefined ? { busySince } : {}),
  })
}

describe('startup recovery and library scan (real SQLite, real files)', () => {
  it('leaves the files of a cell whose save is under way (a scan while the queue runs), then adopts them once idle', async () => {
    const [cell] = setup(1)
    updateCell(db, cell!, { state: 'fetching', requestId: 'r1', outputUrl: 'http://img', cost: 0.2 })
    // What a save under way has on disk: the sidecar, the image just renamed, the thumbnail still a temp file.
    put(`images/b/${cell}.jpg.json`, Buffer.from('{}'))
    put(`images/b/${cell}.jpg`, await jpeg())
    put(`images/b/.${cell}.jpg.0a1b2c3d.tmp`, Buffer.from('half'))
    await recover(() => true)
    expect(getCell(db, cell!)!.state).toBe('fetching')
    expect(imageOfCell(db, cell!)).toBeUndefined()
    expect(readdirSync(join(home, 'images', 'b')).sort()).toEqual(
      [`.${cell}.jpg.0a1b2c3d.tmp`, `${cell}.jpg`, `${cell}.jpg.json`].sort(),
    )
    expect(existsSync(join(home, 'quarantine'))).toBe(false)
    // A temp file from before this process began is an earlier run's leftover, even for a cell busy again now.
    await recover(() => true, Date.now() + 60_000)
    expect(readdirSync(join(home, 'images', 'b')).sort()).toEqual([`${cell}.jpg`, `${cell}.jpg.json`].sort())
    expect(readdirSync(join(home, 'quarantine'), { recursive: true }).join(' ')).toContain('.tmp')
    // The same scan when nothing is under way takes the image (and moves the leftover temp file away).
    await recover(() => false)
    expect(getCell(db, cell!)!.state).toBe('saved')
    expect(imageOfCell(db, cell!)?.path).toBe(`images/b/${cell}.jpg`)
  })

  it('adopts a file written before the crash for a fetching cell: saved, no download, thumbnail made', async () => {
    const [cell] = setup(1)
    updateCell(db, cell!, { state: 'fetching', requestId: 'r1', outputUrl: 'http://img', cost: 0.2 })
    const bytes = await jpeg()
    put(`images/b/${cell}.jpg`, bytes)
    await recover()
    expect(getCell(db, cell!)?.state).toBe('saved')
    const img = imageOfCell(db, cell!)!
    expect(img).toMatchObject({ sha256: sha256Hex(bytes), width: 64, height: 96, path: `images/b/${cell}.jpg` })
    expect(existsSync(join(home, img.thumbPath!))).toBe(true)
    expect(getBatch(db, 'b')).toMatchObject({ status: 'done', spend: 0.2 })
  })

  it('turns a submitting row without a request id into unknown, with a reason', async () => {
    const [cell] = setup(1)
    updateCell(db, cell!, { state: 'submitting', submits: 1 })
    await recover()
    const c = getCell(db, cell!)!
    expect(c.state).toBe('unknown')
    expect(c.error?.message).toMatch(/may exist/)
  })

  it('leaves cells with a request id to resume polling', async () => {
    const [cell] = setup(1)
    updateCell(db, cell!, { state: 'queued', requestId: 'r', statusUrl: 's', responseUrl: 'r', nextCheckAt: 5 })
    await recover()
    expect(getCell(db, cell!)).toMatchObject({ state: 'queued', nextCheckAt: 5 })
  })

  it('flags a row whose file vanished, and rebuilds a missing thumbnail', async () => {
    const [a, b] = setup(2)
    const bytes = await jpeg()
    for (const [id, cell] of [
      ['ia', a],
      ['ib', b],
    ] as const) {
      put(`images/b/${cell}.jpg`, bytes)
      updateCell(db, cell!, { state: 'saved' })
      insertImage(db, {
        id,
        cellId: cell!,
        batchId: 'b',
        path: `images/b/${cell}.jpg`,
        thumbPath: `thumbs/b/${cell}.webp`,
        sha256: sha256Hex(bytes),
        bytes: bytes.length,
        width: 64,
        height: 96,
        mime: 'image/jpeg',
        seed: 5,
        params,
        metrics: null,
        requestId: null,
        createdAt: 1,
      })
    }
    unlinkSync(join(home, `images/b/${a}.jpg`))
    await recover()
    expect(getImage(db, 'ia')?.missing).toBe(true)
    expect(lines.some((l) => l.level === 'warn' && l.msg.includes('missing'))).toBe(true)
    expect(getImage(db, 'ib')?.missing).toBe(false)
    expect(existsSync(join(home, `thumbs/b/${b}.webp`))).toBe(true)
  })

  it('quarantines (never deletes) files that belong to no row: stray, damaged, half-written', async () => {
    const [pending, fetching] = setup(2)
    updateCell(db, fetching!, { state: 'fetching', requestId: 'r', outputUrl: 'http://img' })
    put(`images/b/${pending}.jpg`, await jpeg())
    put(`images/b/${fetching}.jpg`, Buffer.from('not an image'))
    put(`images/b/.${fetching}.jpg.abcd.tmp`, Buffer.from('partial'))
    put('images/b/whatever.png', await jpeg())
    put(`thumbs/b/${pending}.webp`, Buffer.from('orphan thumb'))
    put(`thumbs/b/.${fetching}.webp.abcd.tmp`, Buffer.from('partial thumb'))
    await recover()
    expect(readdirSync(join(home, 'thumbs', 'b'))).toEqual([])
    expect(readdirSync(join(home, 'quarantine', 'thumbs', 'b'))).toHaveLength(2)
    expect(readdirSync(join(home, 'images', 'b'))).toEqual([])
    expect(readdirSync(join(home, 'quarantine', 'b'))).toHaveLength(4)
    expect(getCell(db, pending!)?.state).toBe('pending')
    expect(getCell(db, fetching!)?.state).toBe('fetching')
    expect(imageOfCell(db, fetching!)).toBeUndefined()
  })

  it("adopts only a file of the cell's current attempt: an earlier attempt's leftover goes to quarantine", async () => {
    const [older, current] = setup(2)
    updateCell(db, older!, { state: 'fetching', requestId: 'r2', outputUrl: 'http://img', attempts: 2 })
    updateCell(db, current!, { state: 'fetching', requestId: 'r3', outputUrl: 'http://img', attempts: 3 })
    put(`images/b/${older}.jpg`, await jpeg()) // written by attempt 1
    put(`images/b/${current}.attempt3.jpg`, await jpeg())
    await recover()
    expect(getCell(db, older!)?.state).toBe('fetching')
    expect(imageOfCell(db, older!)).toBeUndefined()
    expect(readdirSync(join(home, 'quarantine', 'b'))).toEqual([`${older}.jpg`])
    expect(getCell(db, current!)?.state).toBe('saved')
    expect(imageOfCell(db, current!)?.path).toBe(`images/b/${current}.attempt3.jpg`)
  })

  it('adopts the file of a queued cell (a power cut undid its relaxed arrows) and of a sync cell left unknown', async () => {
    const [queued, unknown, pending] = setup(3)
    updateCell(db, queued!, { state: 'queued', requestId: 'r1', statusUrl: 's', responseUrl: 'r', attempts: 1 })
    updateCell(db, unknown!, { state: 'unknown', attempts: 1 })
    for (const id of [queued, unknown, pending]) put(`images/b/${id}.jpg`, await jpeg())
    await recover()
    expect(getCell(db, queued!)).toMatchObject({ state: 'saved', nextCheckAt: null })
    expect(getCell(db, unknown!)).toMatchObject({ state: 'saved', error: null })
    expect(imageOfCell(db, queued!)).toBeDefined()
    expect(getCell(db, pending!)?.state).toBe('pending') // never submitted: its file is no image of ours
    expect(readdirSync(join(home, 'quarantine', 'b'))).toEqual([`${pending}.jpg`])
  })

  it('a scan that cannot move a file still recovers every submitting row and handles the other files', async () => {
    const [submitting, fetching] = setup(2)
    updateCell(db, submitting!, { state: 'submitting', submits: 1 })
    updateCell(db, fetching!, { state: 'fetching', requestId: 'r', outputUrl: 'http://img', attempts: 1 })
    put('images/b/stray.jpg', await jpeg())
    put(`images/b/${fetching}.jpg`, await jpeg())
    writeFileSync(join(home, 'quarantine'), 'a file where the quarantine folder should be')
    await recover()
    expect(getCell(db, submitting!)?.state).toBe('unknown')
    expect(getCell(db, fetching!)?.state).toBe('saved')
    expect(existsSync(join(home, 'images/b/stray.jpg'))).toBe(true) // left in place, not lost
    expect(lines.some((l) => l.level === 'warn' && l.msg.includes('left in place'))).toBe(true)
  })
})
