import { create } from 'zustand'
import type { Settings } from '@shared/contracts'

/** UI-only mirror of the settings the window itself applies (the theme); the core keeps the real ones. */
interface PreferencesState {
  theme: Settings['theme']
  setTheme(theme: Settings['theme']): void
}

export const usePreferences = create<PreferencesState>()((set) => ({
  theme: 'dark',
  setTheme: (theme) => set({ theme }),
}))
