import { create } from 'zustand'

/** Whether the grid of a set of images (a gallery selection) is on screen, over the gallery it came from. */
interface GridSetState {
  open: boolean
  title: string
  /** The images' cells: the leaderboard of this set counts the rows among them. */
  cellIds: string[]
  show(title: string, cellIds: string[]): void
  close(): void
}

export const useGridSet = create<GridSetState>()((set) => ({
  open: false,
  title: '',
  cellIds: [],
  show: (title, cellIds) => set({ open: true, title, cellIds }),
  close: () => set({ open: false, cellIds: [] }),
}))
