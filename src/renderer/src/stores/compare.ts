import { create } from 'zustand'

/**
 * The comparison set (issue 9): cells picked in a grid ("C" on a focused cell) or images chosen in the gallery,
 * shown together by the compare view. At most four: beyond that side-by-side stops being a comparison.
 */
export const MAX_COMPARE = 4

export interface CompareItem {
  cellId: string
  /** The saved image of the cell (what is drawn), when it has one. */
  imageId: string | null
  styleName: string
  /** The parameters that set it apart from the others ("seed 42 · strength 0.6"), shown under it. */
  label: string
}

interface CompareState {
  items: CompareItem[]
  /** True while the compare view is on screen. */
  open: boolean
  /** Adds an item (a cell already in the set is not added twice; the oldest drops out past four). */
  add(item: CompareItem): void
  remove(cellId: string): void
  clear(): void
  /** Replaces the set and shows the compare view. */
  show(items: CompareItem[]): void
  setOpen(open: boolean): void
}

export const useCompare = create<CompareState>()((set) => ({
  items: [],
  open: false,
  add: (item) =>
    set((s) => (s.items.some((i) => i.cellId === item.cellId) ? s : { items: [...s.items, item].slice(-MAX_COMPARE) })),
  remove: (cellId) => set((s) => ({ items: s.items.filter((i) => i.cellId !== cellId) })),
  clear: () => set({ items: [] }),
  show: (items) => set({ items: items.slice(0, MAX_COMPARE), open: true }),
  setOpen: (open) => set({ open }),
}))
