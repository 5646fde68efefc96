/**
 * Grid exports over browser mode with a real API key in play (issue 9): the image, the contact sheet and the data
 * are made from a batch the simulator billed under that key, downloaded through /exports/ with the right type as
 * attachments, and not one of them (nor any other file of the library) holds the key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog/styles'
import type { BatchDetail } from '@shared/domain'
import type { GridExportLayout } from '@shared/contracts/grid-export'
import { MatrixSchema } from '@shared/domain'
import { call, FAST_DEMO, raw, startHarness, type Harness } from '../server/harness'

const KEY = 'SG_9c1e5a77d03b4f21'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe('grid exports with a real key in play', () => {
  let h: Harness
  let layout: GridExportLayout
  beforeAll(async () => {
    h = await startHarness({
      core: { demo: { ...FAST_DEMO, apiKeys: [KEY] }, settings: { rpm: 6000, concurrency: 4 } },
    })
    const styles = SOUL_STYLES.slice(0, 2)
    const { batchId } = await h.core.handlers['batch.create']({
      matrix: MatrixSchema.parse({
        prompts: [{ prompt: 'export lighthouse' }, { prompt: 'export fox' }],
        styleIds: styles.map((s) => s.id),
        width_and_height: '1536x2048',
      }),
    })
    await h.core.waitForIdle()
    const detail = (await h.core.handlers['batch.get']({ batchId })) as BatchDetail
    const cellOf = (p: number, styleId: string) =>
      detail.cells.find((c) => c.promptIndex === p && c.styleId === styleId && c.state === 'saved')!.id
    layout = {
      title: 'Secrecy check',
      columns: styles.map((s) => ({ label: s.name })),
      rows: [0, 1].map((p) => ({
        label: detail.matrix.prompts[p]!.prompt,
        cells: styles.map((s, i) => ({ cellId: cellOf(p, s.id), winner: p === 0 && i === 1 })),
      })),
      cellWidth: 128,
    }
  })
  afterAll(() => h.close())

  it('downloads each export as an attachment of its type; none holds the key', async () => {
    const kinds: [string, Record<string, unknown>, string][] = [
      ['grid.exportImage', { layout, format: 'png' }, 'image/png'],
      ['grid.exportImage', { layout, format: 'jpeg' }, 'image/jpeg'],
      ['grid.exportSheet', { layout }, 'text/html; charset=utf-8'],
      ['grid.exportData', { layout, format: 'csv' }, 'text/csv; charset=utf-8'],
      ['grid.exportData', { layout, format: 'json' }, 'application/json; charset=utf-8'],
    ]
    for (const [name, input, type] of kinds) {
      const made = await call(h, name, input)
      expect(made.status, name).toBe(200)
      const data = (made.json as { data: { fileName: string; downloadUrl: string; text?: string } }).data
      const got = await raw(h.base, data.downloadUrl, { headers: { cookie: h.cookie } })
      expect(got.status, data.fileName).toBe(200)
      expect(got.headers['content-type']).toBe(type)
      expect(got.headers['content-disposition']).toBe(`attachment; filename="${data.fileName}"`)
      expect(got.headers['x-content-type-options']).toBe('nosniff')
      expect(got.body.includes(KEY)).toBe(false)
      if (data.text !== undefined) {
        expect(got.body.toString('utf8')).toBe(data.text)
        expect(data.text.includes(KEY)).toBe(false)
      }
      if (type.startsWith('image/')) expect((await sharp(got.body).metadata()).width).toBeGreaterThan(256)
      // Without the session cookie: nothing.
      expect((await raw(h.base, data.downloadUrl)).status).toBe(401)
    }
    for (const f of filesUnder(h.home).filter((f) => !/soul-batch\.db/.test(f))) {
      expect(readFileSync(f).includes(KEY), f).toBe(false)
    }
  })

  it('refuses a layout that is not one, in words', async () => {
    const bad = await call(h, 'grid.exportImage', { layout: { ...layout, cellWidth: 5 }, format: 'png' })
    expect(bad.status).toBe(400)
    const message = (bad.json as { error: { message: string } }).error.message
    expect(message).toMatch(/cellWidth/)
    expect(message).not.toMatch(/`|Zod|invalid_type/)
  })
})
