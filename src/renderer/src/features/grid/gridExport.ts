import type { GridExportLayout, GridExportPlan } from '@shared/contracts/grid-export'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { useNotices } from '../../stores/notices'

/**
 * The grid's exports: the core draws and writes them (grid.export*); the window only downloads what it wrote,
 * the same way the gallery's zip export does.
 */

function download(href: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

function kb(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1000))} KB`
}

/** First step of "Export grid image": the plan, whose warning (a huge file) the UI asks about before going on. */
export async function planGridImage(layout: GridExportLayout): Promise<GridExportPlan | null> {
  try {
    return await api.call('grid.exportPlan', { layout })
  } catch (error) {
    useNotices.getState().push('error', messageOf(error))
    return null
  }
}

export async function exportGridImage(layout: GridExportLayout, confirmLarge: boolean): Promise<void> {
  const push = useNotices.getState().push
  try {
    const out = await api.call('grid.exportImage', { layout, format: 'png', confirmLarge })
    download(api.exportUrl(out.fileName), out.fileName)
    push('info', `Exported the grid as ${out.fileName} (${out.width} × ${out.height} px, ${kb(out.bytes)}).`)
  } catch (error) {
    push('error', messageOf(error))
  }
}

export async function exportContactSheet(layout: GridExportLayout): Promise<void> {
  const push = useNotices.getState().push
  try {
    const out = await api.call('grid.exportSheet', { layout })
    download(api.exportUrl(out.fileName), out.fileName)
    push('info', `Exported a contact sheet, ${out.fileName} (${kb(out.bytes)}); it opens in any browser, offline.`)
  } catch (error) {
    push('error', messageOf(error))
  }
}

export async function exportGridData(layout: GridExportLayout, format: 'csv' | 'json'): Promise<void> {
  const push = useNotices.getState().push
  try {
    const out = await api.call('grid.exportData', { layout, format })
    const blob = new Blob([out.text], { type: format === 'csv' ? 'text/csv' : 'application/json' })
    const href = URL.createObjectURL(blob)
    download(href, out.fileName)
    // Revoked after the click has started the download (a revoke in the same task can cancel it).
    setTimeout(() => URL.revokeObjectURL(href), 10_000)
    push('info', `Exported the grid's data and picks as ${out.fileName}.`)
  } catch (error) {
    push('error', messageOf(error))
  }
}
