import { create } from 'zustand'

interface LightboxState {
  cellId: string | null
  open(cellId: string): void
  close(): void
}

export const useLightbox = create<LightboxState>()((set) => ({
  cellId: null,
  open: (cellId) => set({ cellId }),
  close: () => set({ cellId: null }),
}))
