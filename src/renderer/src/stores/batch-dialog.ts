import { create } from 'zustand'
import type { BatchSummary } from '@shared/domain'

/** Which batch dialog is open (rename, notes, re-run); the menu that opened it has closed by then. */
export type BatchDialogKind = 'rename' | 'notes' | 'rerun'

interface BatchDialogState {
  open: { kind: BatchDialogKind; batch: BatchSummary } | null
  show(kind: BatchDialogKind, batch: BatchSummary): void
  hide(): void
}

export const useBatchDialog = create<BatchDialogState>()((set) => ({
  open: null,
  show: (kind, batch) => set({ open: { kind, batch } }),
  hide: () => set({ open: null }),
}))
