import { create } from 'zustand'
import { EMPTY_QUERY, type LibraryQuery } from '../model/library-query'
import { EMPTY_SELECTION, type Selection } from '../model/gallery-selection'

/**
 * The gallery's UI state: what it is asked to show (mirrored in the URL by app/navigation), the image open in
 * the detail view, the selection, and the last move to the trash (for "Undo"). The images themselves are the
 * core's; the gallery only caches the pages on screen (features/gallery/useLibraryPages).
 */
interface GalleryState {
  query: LibraryQuery
  /** The image open in the detail view, if any. */
  detailId: string | null
  selection: Selection
  /** Ids the last "Move to trash" moved, until undone or replaced by another action. */
  lastTrashed: string[] | null
  /** Bumped after each change the gallery makes (marks, tags, trash), so derived lists such as facets re-read. */
  changes: number
  noteChange(): void
  setQuery(patch: Partial<LibraryQuery>): void
  replaceQuery(query: LibraryQuery): void
  openDetail(id: string | null): void
  setSelection(selection: Selection): void
  setLastTrashed(ids: string[] | null): void
}

export const useGallery = create<GalleryState>()((set, get) => ({
  query: EMPTY_QUERY,
  detailId: null,
  selection: EMPTY_SELECTION,
  lastTrashed: null,
  changes: 0,
  noteChange: () => set({ changes: get().changes + 1 }),
  // A new question forgets the old selection: its ranges were over a different order.
  setQuery: (patch) => set({ query: { ...get().query, ...patch }, selection: EMPTY_SELECTION }),
  replaceQuery: (query) => {
    if (JSON.stringify(query) !== JSON.stringify(get().query)) set({ query, selection: EMPTY_SELECTION })
  },
  openDetail: (detailId) => set({ detailId }),
  setSelection: (selection) => set({ selection }),
  setLastTrashed: (lastTrashed) => set({ lastTrashed }),
}))
