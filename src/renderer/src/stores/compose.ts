import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { EMPTY_DRAFT, type ComposeDraft } from '../model/compose-draft'
import { restoreDraft } from '../model/draft-restore'

/**
 * The compose form survives switching to a grid and back, and a reload or a crash of the window: half-written
 * prompts are never lost. Only the draft is stored, in the page's own storage, and it is checked when read back.
 */
interface ComposeState {
  draft: ComposeDraft
  update(patch: Partial<ComposeDraft>): void
  reset(): void
}

export const useCompose = create<ComposeState>()(
  persist(
    (set, get) => ({
      draft: EMPTY_DRAFT,
      update: (patch) => set({ draft: { ...get().draft, ...patch } }),
      reset: () => set({ draft: { ...EMPTY_DRAFT, styleIds: get().draft.styleIds } }),
    }),
    {
      name: 'soul-batch.compose-draft',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ draft: s.draft }),
      merge: (stored, current) => ({
        ...current,
        draft: restoreDraft((stored as { draft?: unknown } | undefined)?.draft),
      }),
    },
  ),
)
