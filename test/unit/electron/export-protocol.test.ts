import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog/styles'
import { MatrixSchema } from '@shared/domain'
import { createCore } from '../../../src/main/core'
import type { Core } from '../../../src/main/core-types'

vi.mock('electron', () => ({ protocol: {} }))
const { createImageHandler } = await import('../../../src/main/electron/protocol')

let root: string
let core: Core
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'soul-export-protocol-'))
  core = await createCore({ home: join(root, 'home'), demo: { timeScale: 0.005, imageScale: 0.05 } })
  await core.handlers['batch.create']({
    matrix: MatrixSchema.parse({
      prompts: [{ prompt: 'an export door' }],
      styleIds: [SOUL_STYLES[0]!.id],
      width_and_height: '1536x2048',
    }),
  })
  await core.waitForIdle()
})
afterAll(async () => {
  await core.close()
  rmSync(root, { recursive: true, force: true })
})

const get = (url: string) => createImageHandler(core)(new Request(url))

describe('app-image://export (desktop download of a library export)', () => {
  it('serves an export zip from the exports folder as a download, and nothing else', async () => {
    const page = core.handlers['library.list']({ filter: {}, sort: 'newest', limit: 10, withTotal: false })
    const items = (await page).items
    const exp = await core.handlers['library.export']({ ids: items.map((i) => i.id) })
    const res = await get(`app-image://export/${encodeURIComponent(exp.fileName)}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${exp.fileName}"`)
    expect((await res.arrayBuffer()).byteLength).toBe(exp.bytes)
    for (const bad of ['app-image://export/..%2Fsoul-batch.db', 'app-image://export/nope.zip', 'app-image://export/']) {
      expect((await get(bad)).status, bad).toBe(404)
    }
  })
})
