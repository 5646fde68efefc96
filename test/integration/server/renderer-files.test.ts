import { pbkdf2 } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RendererFiles } from '../../../src/main/server/renderer-files'
import { raw, startHarness, type Harness } from './harness'

describe('the built renderer files (browser mode)', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'soul-renderer-files-'))
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true })
    writeFileSync(join(dir, 'renderer', 'index.html'), '<title>one</title>')
    writeFileSync(join(dir, 'secret.txt'), 'outside')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads a file once and serves it from memory until it changes on disk (a rebuild is seen at once)', () => {
    const files = new RendererFiles(join(dir, 'renderer'))
    const page = join(dir, 'renderer', 'index.html')
    const first = files.read(page)
    expect(first?.bytes.toString()).toBe('<title>one</title>')
    expect(files.read(page)?.bytes).toBe(first?.bytes) // the same Buffer: from memory
    writeFileSync(page, '<title>two, rebuilt</title>')
    expect(files.read(page)?.bytes.toString()).toBe('<title>two, rebuilt</title>')
    // Same size, new mtime: read again too.
    writeFileSync(page, '<title>tw0, rebuilt</title>')
    utimesSync(page, new Date(), new Date(Date.now() + 5000))
    expect(files.read(page)?.bytes.toString()).toBe('<title>tw0, rebuilt</title>')
  })

  it('serves nothing outside the folder, through .. or a symlink, and no folder', () => {
    const files = new RendererFiles(join(dir, 'renderer'))
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'renderer', 'assets', 'leak.js'))
    expect(files.read(join(dir, 'renderer', 'assets', 'leak.js'))).toBeNull()
    expect(files.read(join(dir, 'renderer', '..', 'secret.txt'))).toBeNull()
    expect(files.read(join(dir, 'renderer', 'assets'))).toBeNull()
    expect(files.read(join(dir, 'renderer', 'missing.js'))).toBeNull()
  })
})

describe('the page while the thread pool is busy (a library scan queues hundreds of stats there)', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h.close())

  it('answers before the thread pool frees up', async () => {
    // Occupy all of libuv's threads (4 unless UV_THREADPOOL_SIZE says more) with slow work, as the scan's stats do.
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4)
    let poolDone = 0
    const pool = Array.from(
      { length: threads * 2 },
      () =>
        new Promise<void>((resolve) =>
          pbkdf2('busy', 'salt', 3_000_000, 32, 'sha256', () => {
            poolDone++
            resolve()
          }),
        ),
    )
    const page = await raw(h.base, `${h.server.prefix}/`, { headers: { cookie: h.cookie } })
    const script = await raw(h.base, `${h.server.prefix}/assets/app.js`, { headers: { cookie: h.cookie } })
    const doneWhenAnswered = poolDone
    await Promise.all(pool)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>Soul Batch</title>')
    expect(script.status).toBe(200)
    expect(script.text).toBe('export {}')
    // Order, not time: the page and its script did not wait for a single one of the pool's jobs.
    expect(doneWhenAnswered).toBe(0)
  })
})
