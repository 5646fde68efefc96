import { create } from 'zustand'

export interface Notice {
  id: number
  tone: 'info' | 'error'
  text: string
}

/** Short-lived messages for actions that have no place of their own (a retry that failed, a cancel's result). */
interface NoticesState {
  notices: Notice[]
  push(tone: Notice['tone'], text: string): void
  dismiss(id: number): void
}

let nextId = 1
const LIFETIME_MS = 6000

export const useNotices = create<NoticesState>()((set, get) => ({
  notices: [],
  push: (tone, text) => {
    const id = nextId++
    set({ notices: [...get().notices.slice(-3), { id, tone, text }] })
    setTimeout(() => get().dismiss(id), LIFETIME_MS)
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
}))
