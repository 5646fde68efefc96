import { create } from 'zustand'

/** "Jump to a date": the toolbar asks, the grid (which owns the scroller) scrolls. `seq` repeats a jump. */
interface JumpState {
  day: string | null
  seq: number
  jumpTo(day: string): void
}

export const useGalleryJump = create<JumpState>()((set, get) => ({
  day: null,
  seq: 0,
  jumpTo: (day) => set({ day, seq: get().seq + 1 }),
}))
