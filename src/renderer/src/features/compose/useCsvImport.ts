import { useRef, useState } from 'react'
import type { CsvImport } from '@shared/contracts'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { decodeFileBytes, fileProblem } from '../../model/csv-import'
import { useCompose } from '../../stores/compose'
import { draftSeedCount } from '../../model/compose-draft'

export type CsvImportState =
  | { status: 'closed' }
  | { status: 'reading'; fileName: string }
  | { status: 'preview'; fileName: string; result: CsvImport }
  | { status: 'failed'; fileName: string; message: string }

/**
 * Reads a dropped or chosen file in the page and asks the core to parse it; nothing reaches the compose until
 * the person has seen the preview and chosen to use it.
 */
export function useCsvImport(): {
  state: CsvImportState
  importFile: (file: File) => Promise<void>
  close: () => void
} {
  const [state, setState] = useState<CsvImportState>({ status: 'closed' })
  // A later file, or closing the dialog, makes an answer still on its way stale.
  const attempt = useRef(0)

  async function importFile(file: File): Promise<void> {
    const mine = ++attempt.current
    const problem = fileProblem(file)
    if (problem) {
      setState({ status: 'failed', fileName: file.name, message: problem })
      return
    }
    setState({ status: 'reading', fileName: file.name })
    try {
      const text = decodeFileBytes(new Uint8Array(await file.arrayBuffer()))
      // The compose's styles and seeds go along, so an import that would make a batch over the limit is refused
      // here, with the same sentence the batch calls give, before any row reaches the compose.
      const { draft } = useCompose.getState()
      const forBatch = {
        styleCount: Math.min(10, Math.max(1, draft.styleIds.length)),
        seedCount: Math.min(16, draftSeedCount(draft)),
      }
      const result = await api.call('csv.parse', { text, fileName: file.name, forBatch })
      if (mine === attempt.current) setState({ status: 'preview', fileName: file.name, result })
    } catch (error) {
      if (mine === attempt.current) setState({ status: 'failed', fileName: file.name, message: messageOf(error) })
    }
  }

  function close(): void {
    attempt.current++
    setState({ status: 'closed' })
  }

  return { state, importFile, close }
}
