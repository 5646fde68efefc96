import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog/styles'
import type { CellView } from '@shared/domain'
import { createCore } from '../../../src/main/core'
import type { Core } from '../../../src/main/core-types'

vi.mock('electron', () => ({ protocol: {} }))
const { createImageHandler } = await import('../../../src/main/electron/protocol')

let root: string
let core: Core
let cells: CellView[]
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'soul-protocol-'))
  core = await createCore({ home: join(root, 'home'), demo: { timeScale: 0.005, imageScale: 0.05 } })
  const { batchId } = await core.handlers['batch.create']({
    matrix: {
      prompts: [{ prompt: 'a red door' }, { prompt: 'a blue door' }],
      styleIds: [SOUL_STYLES[0]!.id],
      width_and_height: '1536x2048',
      seeds: { mode: 'shared', count: 1 },
      quality: '1080p',
      style_strength: 1,
      enhance_prompt: false,
    },
  })
  await core.waitForIdle()
  cells = (await core.handlers['batch.get']({ batchId })).cells
})
afterAll(async () => {
  await core.close()
  rmSync(root, { recursive: true, force: true })
})

const get = (url: string) => createImageHandler(core)(new Request(url))

describe('app-image:// protocol', () => {
  it('serves library images by id and variant', async () => {
    const image = cells[0]!.image!
    const full = await get(`app-image://image/${image.id}/full`)
    expect(full.status).toBe(200)
    expect(full.headers.get('content-type')).toBe(image.mime)
    const bytes = new Uint8Array(await full.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    const thumb = await get(`app-image://image/${image.id}/thumb`)
    expect(thumb.status).toBe(200)
    expect(thumb.headers.get('content-type')).toBe('image/webp')
  })

  it('answers 404 for unknown ids, variants and malformed paths', async () => {
    const id = cells[0]!.image!.id
    for (const url of [
      'app-image://image/no-such-id/full',
      `app-image://image/${id}/original`,
      `app-image://image/${id}/full/more`,
      `app-image://other/${id}/full`,
      'app-image://image/..%2F..%2Fsoul-batch.db/full',
      'app-image://image/%2e%2e/full',
    ]) {
      expect((await get(url)).status, url).toBeGreaterThanOrEqual(400)
    }
  })

  it('refuses a file whose real path escapes the library (a planted symlink)', async () => {
    const image = cells[1]!.image!
    const path = core.imagePath(image.id, 'full')!
    const outside = mkdtempSync(join(tmpdir(), 'soul-outside-'))
    try {
      writeFileSync(join(outside, 'secret.jpg'), 'not yours')
      unlinkSync(path)
      symlinkSync(join(outside, 'secret.jpg'), path)
      const res = await get(`app-image://image/${image.id}/full`)
      // The core may already refuse (404) before the protocol's own real-path check would (403): either way, no bytes.
      expect([403, 404]).toContain(res.status)
      expect(await res.text()).not.toContain('not yours')
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
