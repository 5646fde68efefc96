import { create } from 'zustand'
import { EMPTY_DRAFT, type ComposeDraft } from '../model/compose-draft'

/** The compose form survives switching to a grid and back: half-written prompts are never lost. */
interface ComposeState {
  draft: ComposeDraft
  update(patch: Partial<ComposeDraft>): void
  reset(): void
}

export const useCompose = create<ComposeState>()((set, get) => ({
  draft: EMPTY_DRAFT,
  update: (patch) => set({ draft: { ...get().draft, ...patch } }),
  reset: () => set({ draft: { ...EMPTY_DRAFT, styleIds: get().draft.styleIds } }),
}))
