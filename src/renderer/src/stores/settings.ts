import { create } from 'zustand'

/** Whether the settings dialog is open; the settings themselves live in the core (settings.get). */
interface SettingsDialogState {
  open: boolean
  show(): void
  hide(): void
}

export const useSettingsDialog = create<SettingsDialogState>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
}))
