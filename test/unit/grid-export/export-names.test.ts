import { describe, expect, it } from 'vitest'
import { exportFileName, slugOf } from '../../../src/main/grid-export/export-files'
import { exportHeaders, isPlausibleExportName } from '../../../src/main/server/export-file'

describe('export file names', () => {
  const at = Date.UTC(2026, 11, 1, 18, 30, 5, 42)
  const layout = (title?: string) => ({ title, rows: [1, 2, 3], columns: [1, 2, 3, 4] })

  it('are readable: kind, title, size and UTC time with milliseconds', () => {
    expect(exportFileName(layout('Lighthouses & Foxes, take 2'), 'grid', 'png', at)).toBe(
      'soul-batch-grid-lighthouses-foxes-take-2-3x4-20261201T183005042.png',
    )
    expect(exportFileName(layout(), 'sheet', 'html', at)).toBe('soul-batch-sheet-3x4-20261201T183005042.html')
  })

  it('keep only characters every file system and the export route accept', () => {
    expect(slugOf('Café ../../etc/passwd <b>')).toBe('cafe-etc-passwd-b')
    expect(slugOf('猫の写真')).toBe('')
    expect(slugOf('x'.repeat(100))).toHaveLength(40)
    for (const ext of ['png', 'jpg', 'html', 'csv', 'json'] as const) {
      expect(isPlausibleExportName(exportFileName(layout('../a/b\\c'), 'data', ext, at))).toBe(true)
    }
  })
})

describe('the export route', () => {
  it('serves zips and the grid exports, each with its type, as attachments; nothing else', () => {
    const types: Record<string, string> = {
      'a.zip': 'application/zip',
      'a.png': 'image/png',
      'a.jpg': 'image/jpeg',
      'a.html': 'text/html; charset=utf-8',
      'a.csv': 'text/csv; charset=utf-8',
      'a.json': 'application/json; charset=utf-8',
    }
    for (const [name, type] of Object.entries(types)) {
      expect(isPlausibleExportName(name)).toBe(true)
      const h = exportHeaders(`/lib/exports/${name}`)
      expect(h['content-type']).toBe(type)
      expect(h['content-disposition']).toBe(`attachment; filename="${name}"`)
      expect(h['x-content-type-options']).toBe('nosniff')
    }
    for (const bad of ['soul-batch.db', 'a.exe', 'a.svg', '../a.png', '.hidden.png', 'a/b.png', 'a.PNG.', null]) {
      expect(isPlausibleExportName(bad), String(bad)).toBe(false)
    }
  })
})
