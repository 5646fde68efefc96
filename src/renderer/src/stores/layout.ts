import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'

/** Whether the batch sidebar is hidden (more room for the grid on a small screen); remembered across reloads. */
interface LayoutState {
  sidebarCollapsed: boolean
  toggleSidebar(): void
}

export const useLayout = create<LayoutState>()(
  persist(
    (set, get) => ({
      sidebarCollapsed: false,
      toggleSidebar: () => set({ sidebarCollapsed: !get().sidebarCollapsed }),
    }),
    {
      name: 'soul-batch.layout',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      merge: (stored, current) => ({
        ...current,
        sidebarCollapsed: (stored as { sidebarCollapsed?: unknown } | undefined)?.sidebarCollapsed === true,
      }),
    },
  ),
)
