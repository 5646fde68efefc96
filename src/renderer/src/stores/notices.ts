import { create } from 'zustand'

export interface Notice {
  id: number
  tone: 'info' | 'error'
  text: string
  /** One button on the notice, such as "Undo" after a delete. */
  action?: NoticeAction
}

export interface NoticeAction {
  label: string
  run(): void
}

/** Short-lived messages for actions that have no place of their own (a retry that failed, a cancel's result). */
interface NoticesState {
  notices: Notice[]
  push(tone: Notice['tone'], text: string, action?: NoticeAction): void
  dismiss(id: number): void
}

let nextId = 1
const LIFETIME_MS = 6000
/** A notice with an action (Undo) stays long enough to be read and acted on. */
const ACTION_LIFETIME_MS = 12_000

export const useNotices = create<NoticesState>()((set, get) => ({
  notices: [],
  push: (tone, text, action) => {
    const id = nextId++
    set({ notices: [...get().notices.slice(-3), { id, tone, text, ...(action ? { action } : {}) }] })
    setTimeout(() => get().dismiss(id), action ? ACTION_LIFETIME_MS : LIFETIME_MS)
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
}))
